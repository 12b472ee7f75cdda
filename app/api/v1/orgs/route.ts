import { json, withUser } from "@/lib/api/guard";
import { createOrganization } from "@/lib/server/organization/organizations";
import { ZCreateOrganization } from "@/lib/validation/organization";

export const POST = withUser({ body: ZCreateOrganization }, async ({ user, body, meta }) =>
  json(await createOrganization(user.userId, body.name, meta), { status: 201 }),
);
