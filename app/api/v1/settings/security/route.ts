import { json, withOrg } from "@/lib/api/guard";
import { getOrgSecuritySettings } from "@/lib/server/settings/get-org-security-settings";
import { updateOrgSecuritySettings } from "@/lib/server/settings/update-org-security-settings";
import { ZOrgSecurityPolicy } from "@/lib/validation/settings";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller, user }) => json(await getOrgSecuritySettings(caller, user)));

export const PUT = withOrg({ permission: "settings:manage", body: ZOrgSecurityPolicy }, async ({ caller, user, body }) => json(await updateOrgSecuritySettings(caller, user, body)));
