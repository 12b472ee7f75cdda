import { json, withPublic } from "@/lib/api/guard";
import { getSignedInUser } from "@/lib/api/auth/session";
import { acceptInvitation } from "@/lib/server/invitations/accept-invitation";
import { ZAcceptInvitation } from "@/lib/validation/invitations";

// Public: a new person creates their account here; an existing user must be signed in as the invitee.
export const POST = withPublic({ body: ZAcceptInvitation }, async ({ body, meta }) =>
  json(await acceptInvitation(meta, body, await getSignedInUser())),
);
