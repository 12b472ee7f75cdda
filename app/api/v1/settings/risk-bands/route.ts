import { json, withOrg } from "@/lib/api/guard";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { updateRiskBands } from "@/lib/server/settings/update-risk-bands";
import { ZRiskBands } from "@/lib/validation/settings";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller }) => json(await getRiskBands(caller)));

export const PUT = withOrg({ permission: "settings:manage", body: ZRiskBands }, async ({ caller, body }) => json(await updateRiskBands(caller, body)));
