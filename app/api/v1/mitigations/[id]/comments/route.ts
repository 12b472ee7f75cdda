import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";
import { ZCommentBody } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => json(await listComments(caller, { mitigationId: params.id })));

export const POST = withOrg({ permission: "threat:write", params: ZIdParams, body: ZCommentBody }, async ({ caller, params, body }) =>
  json(await createComment(caller, { mitigationId: params.id }, body.body), { status: 201 }),
);
