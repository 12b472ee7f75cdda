import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { hashPassword } from "@/lib/core/auth/password";
import { assertAcceptableNewPassword } from "@/lib/core/auth/password-policy";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { createOrganizationWithOwner } from "@/lib/server/organization/create-organization-with-owner";
import type { TRequestMeta } from "@/lib/server/scope";
import type { TSignUp } from "@/lib/validation/auth";

export async function isSignUpOpen(): Promise<boolean> {
  if (env.BULWARK_SIGNUP === "open") return true;
  if (env.BULWARK_SIGNUP === "closed") return false;
  return (await db.user.count()) === 0;
}

/** Creates a user and their first organisation, where they are the owner. */
export async function signUp(meta: TRequestMeta, input: TSignUp) {
  if (!(await isSignUpOpen())) {
    throw new AppError("FORBIDDEN", "Sign-up is closed on this server. Ask an admin of your organisation for an invitation.");
  }
  assertAcceptableNewPassword(input.password, { email: input.email, name: input.name });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      if (env.BULWARK_SIGNUP === "first-run") {
        // Only the very first account may sign up: serialise concurrent attempts and look again.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('bulwark:first-run-sign-up'))`;
        if ((await tx.user.count()) > 0) throw new AppError("FORBIDDEN", "Sign-up is closed on this server. Ask an admin of your organisation for an invitation.");
      }
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true, email: true } });
      const org = await createOrganizationWithOwner(tx, { name: input.organizationName, ownerId: user.id });
      await recordAuditEvent({ orgId: org.id, actorId: user.id, action: "org.created", targetType: "organization", targetId: org.id, ...meta, metadata: { name: org.name, via: "sign-up" } }, tx);
      await recordAuditEvent({ orgId: org.id, actorId: user.id, action: "member.added", targetType: "user", targetId: user.id, ...meta, metadata: { role: "OWNER" } }, tx);
      return { userId: user.id, org };
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", {
        fieldErrors: [fieldError("email", "An account with this email already exists. Sign in instead.")],
      });
    }
    throw error;
  }
}
