import { json, withUser } from "@/lib/api/guard";
import { createOrganization } from "@/lib/server/organization/create-organization";
import { ZCreateOrganization } from "@/lib/validation/organization";

export const POST = withUser({ body: ZCreateOrganization }, async ({ user, body, meta }) =>
  json(await createOrganization(meta, { ownerId: user.userId, name: body.name }), { status: 201 }),
);
