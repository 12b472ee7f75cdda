// `npm run build`: next build, recording its inputs so `npm start` does not build again.
import { runBuild } from "./lib/build";

runBuild(process.cwd())
  .then((seconds) => console.log(`[bulwark] Built in ${seconds.toFixed(1)} s.`))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
