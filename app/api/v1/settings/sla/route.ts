import { json, withOrg } from "@/lib/api/guard";
import { getSlaSettings } from "@/lib/server/settings/get-sla-settings";
import { updateSlaSettings } from "@/lib/server/settings/update-sla-settings";
import { ZSlaSettings } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller }) => json(await getSlaSettings(caller)));

export const PUT = withOrg({ permission: "settings:manage", body: ZSlaSettings }, async ({ caller, body }) => json(await updateSlaSettings(caller, body)));
