import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase, uniqueName } from "./postgres";

// Runs before each integration test file: a fresh copy of the migrated template, so files never
// see each other's rows. lib/env reads DATABASE_URL when the test file first imports it.
const adminUrl = inject("pgAdminUrl");
const name = uniqueName("bulwark_t");
process.env.DATABASE_URL = await createDatabase(adminUrl, name, inject("pgTemplate"));
process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
process.env.RATE_LIMIT_STORE ??= "postgres";

afterAll(async () => {
  const holder = globalThis as unknown as { bulwarkPrisma?: { $disconnect: () => Promise<void> } };
  await holder.bulwarkPrisma?.$disconnect();
  await dropDatabase(adminUrl, name);
});
