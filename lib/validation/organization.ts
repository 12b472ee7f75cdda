import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";
import { ZEmail, ZNewPassword, ZOrgName, ZPersonName } from "@/lib/validation/auth";

export const ZRole = z.enum(Role, { error: "Choose a role: owner, admin, editor or viewer." });

export const ZCreateInvitation = z.strictObject({
  email: ZEmail,
  role: ZRole,
});
export type TCreateInvitation = z.infer<typeof ZCreateInvitation>;

export const ZUpdateMember = z.strictObject({ role: ZRole });
export type TUpdateMember = z.infer<typeof ZUpdateMember>;

export const ZInvitationToken = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/, "This invitation link is not valid.");

/** New users set a name and password; existing users accept while signed in and send only the token. */
export const ZAcceptInvitation = z.strictObject({
  token: ZInvitationToken,
  name: ZPersonName.optional(),
  password: ZNewPassword.optional(),
});
export type TAcceptInvitation = z.infer<typeof ZAcceptInvitation>;

export const ZCreateOrganization = z.strictObject({ name: ZOrgName });
export type TCreateOrganization = z.infer<typeof ZCreateOrganization>;

export const ZSetActiveOrganization = z.strictObject({ slug: z.string().min(1).max(80) });
