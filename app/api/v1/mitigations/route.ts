import { json, withOrg } from "@/lib/api/guard";
import { createMitigation } from "@/lib/server/mitigations/create-mitigation";
import { listMitigations } from "@/lib/server/mitigations/list-mitigations";
import { ZCreateMitigation, ZListMitigationsQuery } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read", query: ZListMitigationsQuery }, async ({ caller, query }) => Response.json(await listMitigations(caller, query)));

export const POST = withOrg({ permission: "threat:write", body: ZCreateMitigation }, async ({ caller, body }) => json(await createMitigation(caller, body), { status: 201 }));
