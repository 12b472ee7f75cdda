import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { canAssignRole } from "@/lib/core/auth/permissions";
import { hashPassword } from "@/lib/core/auth/password";
import { assertAcceptableNewPassword } from "@/lib/core/auth/password-policy";
import { getFailureLimiter, ipBucket, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import type { TSignedInUser } from "@/lib/server/auth/auth-sessions";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller, type TOrgScope, type TRequestMeta } from "@/lib/server/scope";
import type { TAcceptInvitation, TCreateInvitation } from "@/lib/validation/invitations";

const INVITATION_DAYS = 7;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const pending = () => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } });

const invitationSelect = { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { name: true } } } as const;

export async function listPendingInvitations(scope: TOrgScope) {
  return db.invitation.findMany({ where: inOrg(scope, pending()), select: invitationSelect, orderBy: { createdAt: "desc" } });
}

/** Creates an invitation. The link holds a random token that is stored only as a hash. */
export async function createInvitation(caller: TCaller, input: TCreateInvitation) {
  if (!canAssignRole(caller.role, input.role)) {
    throw new AppError("FORBIDDEN", "Only an owner can invite another owner.");
  }
  const alreadyMember = await db.membership.findFirst({ where: inOrg(caller, { user: { email: input.email } }), select: { id: true } });
  if (alreadyMember) {
    throw new AppError("CONFLICT", `${input.email} is already a member of this organisation.`, {
      fieldErrors: [fieldError("email", "This person is already a member.")],
    });
  }
  const token = randomBytes(32).toString("base64url");
  const invitation = await db.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: {
        orgId: caller.orgId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: caller.userId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
      },
      select: invitationSelect,
    });
    await recordAuditEvent(
      { orgId: caller.orgId, actorId: caller.userId, action: "member.invited", targetType: "invitation", targetId: created.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { email: input.email, role: input.role } },
      tx,
    );
    return created;
  });
  return { ...invitation, link: `${env.NEXTAUTH_URL.replace(/\/$/, "")}/invite/${token}` };
}

export async function revokeInvitation(caller: TCaller, id: string) {
  const { count } = await db.invitation.updateMany({ where: { ...byIdInOrg(caller, id), acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound("invitation");
  await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "member.invitation_revoked", targetType: "invitation", targetId: id, ip: caller.ip, userAgent: caller.userAgent });
}

/** What the invitation page shows before the person accepts. Null for unknown, used or expired links. */
export async function findPendingInvitation(token: string) {
  const invitation = await db.invitation.findFirst({
    where: { tokenHash: hashToken(token), ...pending() },
    select: { email: true, role: true, expiresAt: true, org: { select: { name: true } } },
  });
  if (!invitation) return null;
  const accountExists = (await db.user.count({ where: { email: invitation.email } })) > 0;
  return { ...invitation, accountExists };
}

export async function acceptInvitation(input: TAcceptInvitation, signedIn: TSignedInUser | null, meta: TRequestMeta) {
  const invalid = () => new AppError("NOT_FOUND", "This invitation link is not valid any more. Ask for a new one.");
  const limiter = getFailureLimiter();
  const limitKey = `invitation-accept:ip:${ipBucket(meta.ip)}`;
  const attempt = await limiter.consume([{ key: limitKey, rule: OTHER_RULES.invitationAcceptPerIp }]);
  if (!attempt.allowed) throw new AppError("RATE_LIMITED", "Too many attempts from this address. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
  // Argon2 is deliberately expensive: spend it only on a live link that will create an account,
  // and before the transaction holds any row.
  const preview = await findPendingInvitation(input.token);
  if (!preview) throw invalid();
  if (input.password && !preview.accountExists) assertAcceptableNewPassword(input.password, { email: preview.email, name: input.name });
  const passwordHash = input.password && !preview.accountExists ? await hashPassword(input.password) : null;
  const accepted = await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: { tokenHash: hashToken(input.token), ...pending() },
      select: { id: true, orgId: true, email: true, role: true, org: { select: { slug: true } } },
    });
    if (!invitation) throw invalid();
    // Claim the link first: a concurrent accept waits on this row and then finds it used. If
    // anything below fails, the transaction rolls back and the link stays usable.
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count === 0) throw invalid();

    let user = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
    const newUser = !user;
    if (user) {
      if (signedIn?.userId !== user.id) {
        throw new AppError("FORBIDDEN", `Sign in as ${invitation.email} to accept this invitation.`);
      }
    } else {
      const fieldErrors = [
        ...(input.name ? [] : [fieldError("name", "Enter your name.")]),
        ...(passwordHash ? [] : [fieldError("password", "Choose a password of at least 12 characters.")]),
      ];
      if (fieldErrors.length) throw new AppError("VALIDATION_FAILED", "Choose your name and password to create your account.", { fieldErrors });
      user = await tx.user.create({ data: { email: invitation.email, name: input.name!, passwordHash: passwordHash! }, select: { id: true } });
    }

    await tx.membership.upsert({
      where: { orgId_userId: { orgId: invitation.orgId, userId: user.id } },
      create: { orgId: invitation.orgId, userId: user.id, role: invitation.role },
      update: {},
    });
    await recordAuditEvent(
      { orgId: invitation.orgId, actorId: user.id, action: "member.joined", targetType: "user", targetId: user.id, ...meta, metadata: { email: invitation.email, role: invitation.role, newAccount: newUser } },
      tx,
    );
    return { orgSlug: invitation.org.slug, email: invitation.email, newUser };
  });
  // Only failed tries count against the address: a team onboarding from one office is fine.
  await limiter.refund([limitKey]);
  return accepted;
}
