import { expect, test as setup } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { AUTH_DIR, storageStateFor, USERS, type UserKey } from "./support/constants";
import { signInWithRequest } from "./support/session";

// Signs each demo user in once; specs reuse the saved cookies instead of signing in again.
mkdirSync(AUTH_DIR, { recursive: true });

for (const user of Object.keys(USERS) as UserKey[]) {
  setup(`sign in as ${user}`, async ({ request }) => {
    expect(await signInWithRequest(request, USERS[user])).toBe(200);
    const me = await request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    await request.storageState({ path: storageStateFor(user) });
  });
}
