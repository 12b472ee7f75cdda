// Playwright's webServer: the real start script (scripts/start.ts) on a database made for this
// run — a new database on DATABASE_URL's server, or a throwaway embedded PostgreSQL.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase, uniqueName } from "../../tests/support/postgres";
import { startSmtpCatcher } from "../../tests/support/smtp-catcher";
import { E2E_BASE_URL, E2E_OIDC_CLIENT, E2E_OIDC_PORT, E2E_PASSWORD, E2E_PORT, E2E_SMTP_PORT, MAILBOX_FILE, SERVER_STATE_FILE, STATE_DIR } from "./constants";
import { startOidcProvider } from "./oidc-provider";

mkdirSync(STATE_DIR, { recursive: true });
// A real SMTP server for the app's email; every message lands in the mailbox file the specs read.
writeFileSync(MAILBOX_FILE, "");
await startSmtpCatcher(E2E_SMTP_PORT, (email) => appendFileSync(MAILBOX_FILE, `${JSON.stringify(email)}\n`));
// A real OpenID Connect provider for single sign-on, on its own port of this machine.
const oidc = await startOidcProvider({ port: E2E_OIDC_PORT, clientId: E2E_OIDC_CLIENT.id, clientSecret: E2E_OIDC_CLIENT.secret, redirectUri: `${E2E_BASE_URL}/api/auth/callback/oidc` });
if (process.env.DATABASE_URL) {
  process.env.DATABASE_URL = await createDatabase(process.env.DATABASE_URL, uniqueName("bulwark_e2e"));
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bulwark-e2e-"));
  process.env.EMBEDDED_PG_DIR = path.join(dir, "postgres");
  // scripts/start.ts stops PostgreSQL before it exits; then the folder can go.
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
}
Object.assign(process.env, {
  PORT: String(E2E_PORT),
  HOST: "127.0.0.1",
  NEXTAUTH_URL: E2E_BASE_URL,
  NEXTAUTH_SECRET: "e2e-secret-that-is-long-enough-for-next-auth-0123456789",
  BULWARK_SEED_DEMO: "true",
  BULWARK_DEMO_PASSWORD: E2E_PASSWORD,
  BULWARK_SIGNUP: "open",
  BULWARK_STATE_FILE: SERVER_STATE_FILE,
  RATE_LIMIT_STORE: "postgres",
  SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
  OIDC_ISSUER: oidc.issuer,
  OIDC_CLIENT_ID: E2E_OIDC_CLIENT.id,
  OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT.secret,
  OIDC_DISPLAY_NAME: "Test IdP",
});

await import("../../scripts/start");
