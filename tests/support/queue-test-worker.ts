// A worker for lib/server/worker-queue.test.ts: answers the way a real one can (progress, a
// result, a failure), or not at all, or dies.
import { parentPort, threadId } from "node:worker_threads";

parentPort!.on("message", (message: { id: number; action: "double" | "fail" | "hang" | "exit" | "thread"; value?: number }) => {
  switch (message.action) {
    case "double":
      parentPort!.postMessage({ id: message.id, stage: "halfway" });
      parentPort!.postMessage({ id: message.id, value: message.value! * 2 });
      break;
    case "fail":
      parentPort!.postMessage({ id: message.id, failure: "refused" });
      break;
    case "thread":
      parentPort!.postMessage({ id: message.id, value: threadId });
      break;
    case "hang":
      break;
    case "exit":
      process.exit(3);
  }
});
