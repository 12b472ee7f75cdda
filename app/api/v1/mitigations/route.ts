import { json, withOrg } from "@/lib/api/guard";
import { createMitigation, listMitigations } from "@/lib/server/mitigations/mitigations";
import { ZCreateMitigation, ZListMitigationsQuery } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read", query: ZListMitigationsQuery }, async ({ caller, query }) => Response.json(await listMitigations(caller, query)));

export const POST = withOrg({ permission: "threat:write", body: ZCreateMitigation }, async ({ caller, body }) => json(await createMitigation(caller, body), { status: 201 }));
