import { noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { deleteTemplate } from "@/lib/server/catalog/delete-template";

export const DELETE = withOrg({ permission: "catalog:manage", params: ZIdParams }, async ({ caller, params }) => {
  await deleteTemplate(caller, params.id);
  return noContent();
});
