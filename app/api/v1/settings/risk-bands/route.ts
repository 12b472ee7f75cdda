import { json, withOrg } from "@/lib/api/guard";
import { getRiskBands, updateRiskBands } from "@/lib/server/settings/org-settings";
import { ZRiskBands } from "@/lib/validation/settings";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller }) => json(await getRiskBands(caller)));

export const PUT = withOrg({ permission: "settings:manage", body: ZRiskBands }, async ({ caller, body }) => json(await updateRiskBands(caller, body)));
