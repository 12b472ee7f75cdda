import { existsSync, readFileSync } from "node:fs";
import { dropDatabase } from "../../tests/support/postgres";
import { SERVER_STATE_FILE } from "./constants";

/** Drops the database the e2e server created on a shared server (an embedded one removes itself). */
export default async function globalTeardown() {
  if (!existsSync(SERVER_STATE_FILE)) return;
  const state = JSON.parse(readFileSync(SERVER_STATE_FILE, "utf8")) as { databaseUrl: string; embeddedDir: string | null };
  if (!state.embeddedDir && process.env.DATABASE_URL) {
    const url = new URL(state.databaseUrl);
    const name = url.pathname.slice(1);
    url.pathname = new URL(process.env.DATABASE_URL).pathname;
    await dropDatabase(url.toString(), name).catch(() => undefined);
  }
}
