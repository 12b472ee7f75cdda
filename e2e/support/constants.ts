export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The app sends email to a real SMTP server here, started with the e2e server; it writes MAILBOX_FILE. */
export const E2E_SMTP_PORT = E2E_PORT + 25;
/** A local OpenID Connect provider for the SSO specs (e2e/support/oidc-provider.ts). */
export const E2E_OIDC_PORT = E2E_PORT + 26;
export const E2E_OIDC_ISSUER = `http://127.0.0.1:${E2E_OIDC_PORT}`;
export const E2E_OIDC_CLIENT = { id: "bulwark-e2e", secret: "bulwark-e2e-client-secret-0123456789" } as const;
export const E2E_PASSWORD = "e2e-Demo-passphrase-1";
export const STATE_DIR = new URL("../.state/", import.meta.url).pathname;
export const SERVER_STATE_FILE = `${STATE_DIR}server.json`;
export const MAILBOX_FILE = `${STATE_DIR}mailbox.jsonl`;
export const AUTH_DIR = `${STATE_DIR}auth/`;

export const USERS = {
  admin: "admin@acme.test",
  editor: "editor@acme.test",
  viewer: "viewer@acme.test",
  globex: "admin@globex.test",
} as const;

export type UserKey = keyof typeof USERS;

export const storageStateFor = (user: UserKey) => `${AUTH_DIR}${user}.json`;
