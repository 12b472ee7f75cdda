import { z } from "zod";
import { json, withOrg } from "@/lib/api/guard";
import { createOrgEntry } from "@/lib/server/catalog/create-org-entry";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { ZCatalogEntryInput } from "@/lib/validation/catalog";

const ZQuery = z.object({ includeDisabled: z.enum(["true", "false"]).default("false") });

export const GET = withOrg({ permission: "threat:read", query: ZQuery }, async ({ caller, query }) => json(await listCatalog(caller, { includeDisabled: query.includeDisabled === "true" })));

export const POST = withOrg({ permission: "catalog:manage", body: ZCatalogEntryInput }, async ({ caller, body }) => json(await createOrgEntry(caller, body), { status: 201 }));
