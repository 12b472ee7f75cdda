import { json, withOrg } from "@/lib/api/guard";
import { bulkUpdateMitigations } from "@/lib/server/mitigations/update-mitigation";
import { ZBulkMitigations } from "@/lib/validation/mitigations";

// { ids, assigneeId?, status? }: all or nothing.
export const POST = withOrg({ permission: "threat:write", body: ZBulkMitigations }, async ({ caller, body }) => json(await bulkUpdateMitigations(caller, body)));
