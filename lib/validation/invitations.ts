import { z } from "zod";
import { ZEmail, ZNewPassword, ZPersonName } from "@/lib/validation/auth";
import { ZRole } from "@/lib/validation/members";

export const ZCreateInvitation = z.strictObject({
  email: ZEmail,
  role: ZRole,
});
export type TCreateInvitation = z.infer<typeof ZCreateInvitation>;

export const ZInvitationToken = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, "This invitation link is not valid.");

/** New users set a name and password; existing users accept while signed in and send only the token. */
export const ZAcceptInvitation = z.strictObject({
  token: ZInvitationToken,
  name: ZPersonName.optional(),
  password: ZNewPassword.optional(),
});
export type TAcceptInvitation = z.infer<typeof ZAcceptInvitation>;
