// npm run bench:seed -- --apis 2000 [--org acme-payments]
// Adds generated APIs to an existing organisation of the database in DATABASE_URL.
import { parseArgs } from "node:util";
import { createDbClient } from "@/lib/db/client";
import { generateInventory } from "./generate-inventory";

const { values } = parseArgs({ options: { apis: { type: "string", default: "2000" }, org: { type: "string", default: "acme-payments" } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to the database to fill (npm start prints where the embedded one runs).");
  process.exit(1);
}
const client = createDbClient({ url });
try {
  const org = await client.organization.findUnique({ where: { slug: values.org }, select: { id: true, memberships: { select: { userId: true } } } });
  if (!org) throw new Error(`No organisation with slug ${values.org}`);
  const started = Date.now();
  const result = await generateInventory(client, { orgId: org.id, ownerIds: org.memberships.map((m) => m.userId), apis: Number(values.apis) });
  console.log(`Added ${result.apis} APIs across ${result.teams} teams to ${values.org} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await client.$disconnect();
}
