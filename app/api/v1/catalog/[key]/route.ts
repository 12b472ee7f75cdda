import { z } from "zod";
import { noContent, withOrg } from "@/lib/api/guard";
import { changeCatalogEntry } from "@/lib/server/catalog/change-catalog-entry";
import { deleteOrgEntry } from "@/lib/server/catalog/delete-org-entry";
import { ZUpdateCatalogEntry } from "@/lib/validation/catalog";

const ZKeyParams = z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/) });

export const PATCH = withOrg({ permission: "catalog:manage", params: ZKeyParams, body: ZUpdateCatalogEntry }, async ({ caller, params, body }) => {
  await changeCatalogEntry(caller, params.key, body);
  return noContent();
});

export const DELETE = withOrg({ permission: "catalog:manage", params: ZKeyParams }, async ({ caller, params }) => {
  await deleteOrgEntry(caller, params.key);
  return noContent();
});
