import { json, withOrg } from "@/lib/api/guard";
import { createTemplate } from "@/lib/server/catalog/create-template";
import { listTemplates } from "@/lib/server/catalog/list-templates";
import { ZCreateTemplate } from "@/lib/validation/catalog";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller }) => json(await listTemplates(caller)));

export const POST = withOrg({ permission: "catalog:manage", body: ZCreateTemplate }, async ({ caller, body }) => json(await createTemplate(caller, body), { status: 201 }));
