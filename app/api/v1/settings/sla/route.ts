import { json, withOrg } from "@/lib/api/guard";
import { getSlaSettings, updateSlaSettings } from "@/lib/server/settings/org-settings";
import { ZSlaSettings } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller }) => json(await getSlaSettings(caller)));

export const PUT = withOrg({ permission: "settings:manage", body: ZSlaSettings }, async ({ caller, body }) => json(await updateSlaSettings(caller, body)));
