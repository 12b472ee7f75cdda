import { json, withOrg } from "@/lib/api/guard";
import { getOrgSecuritySettings, updateOrgSecuritySettings } from "@/lib/server/settings/org-security";
import { ZOrgSecurityPolicy } from "@/lib/validation/settings";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller, user }) => json(await getOrgSecuritySettings(caller, user)));

export const PUT = withOrg({ permission: "settings:manage", body: ZOrgSecurityPolicy }, async ({ caller, user, body }) => json(await updateOrgSecuritySettings(caller, user, body)));
