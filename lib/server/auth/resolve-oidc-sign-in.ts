import "server-only";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import type { TRequestMeta } from "@/lib/server/scope";

// Who an OIDC sign-in is. A known (issuer, subject) pair is the user it was linked to. A new one
// is linked to the Bulwark account with the same email only when the provider says it verified
// that email: otherwise anyone able to register that address at the provider could take the
// account over. SSO does not create accounts; people join through invitations or sign-up.

export type TOidcClaims = { issuer: string; subject: string; email?: unknown; emailVerified?: unknown };

export type TOidcRefusal = "email_not_verified" | "no_account";

export type TOidcResolution = { ok: true; userId: string; linked: boolean } | { ok: false; reason: TOidcRefusal };

// Some providers send the claim as a string.
const isVerified = (value: unknown) => value === true || value === "true";

export async function resolveOidcSignIn(meta: TRequestMeta, claims: TOidcClaims): Promise<TOidcResolution> {
  const known = await db.oidcIdentity.findUnique({ where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } }, select: { id: true, userId: true } });
  if (known) {
    await db.oidcIdentity.update({ where: { id: known.id }, data: { lastUsedAt: new Date() } });
    return { ok: true, userId: known.userId, linked: false };
  }
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const refuse = async (reason: TOidcRefusal, actorId: string | null = null) => {
    await recordAuditEvent({ actorId, action: "auth.sso.refused", targetType: actorId ? "user" : undefined, targetId: actorId ?? undefined, ...meta, metadata: { reason, email, issuer: claims.issuer } });
    return { ok: false as const, reason };
  };
  if (!email || !isVerified(claims.emailVerified)) return refuse("email_not_verified");
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return refuse("no_account");
  try {
    await db.$transaction(async (tx) => {
      await tx.oidcIdentity.create({ data: { userId: user.id, issuer: claims.issuer, subject: claims.subject, email } });
      await recordAuditEvent({ actorId: user.id, action: "auth.sso.linked", targetType: "user", targetId: user.id, ...meta, metadata: { issuer: claims.issuer, email } }, tx);
    });
  } catch (error) {
    // Two first sign-ins at once: the other one linked it; use that link.
    if ((error as { code?: string }).code !== "P2002") throw error;
    const linked = await findUserIdByOidcIdentity(claims.issuer, claims.subject);
    if (!linked) throw error;
    return { ok: true, userId: linked, linked: false };
  }
  return { ok: true, userId: user.id, linked: true };
}

export async function findUserIdByOidcIdentity(issuer: string, subject: string): Promise<string | null> {
  const identity = await db.oidcIdentity.findUnique({ where: { issuer_subject: { issuer, subject } }, select: { userId: true } });
  return identity?.userId ?? null;
}
