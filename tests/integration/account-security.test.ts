import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// Bulwark's own account security on real PostgreSQL: TOTP enrolment and sign-in with a second
// step, replay, recovery codes, password reset links, sessions, the organisation's sign-in
// policy, SSO linking and the audit log. Emails go to a real SMTP catcher; lib/env is read at
// import, so SMTP, the app secret and an OIDC issuer are set in a hoisted block first.
const smtp = await vi.hoisted(async () => {
  const { startSmtpCatcher } = await import("../support/smtp-catcher");
  const catcher = await startSmtpCatcher();
  Object.assign(process.env, {
    SMTP_URL: catcher.url,
    NEXTAUTH_SECRET: "integration-secret-that-is-long-enough-0123456789",
    NEXTAUTH_URL: "http://bulwark.test:3000",
    OIDC_ISSUER: "http://idp.test/",
    OIDC_CLIENT_ID: "bulwark",
    OIDC_CLIENT_SECRET: "client-secret",
  });
  return catcher;
});

import { AppError } from "@/lib/core/app-error";
import { totpCodeAt } from "@/lib/core/auth/mfa/totp";
import { signInWithPassword } from "@/lib/server/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { changePassword } from "@/lib/server/account/change-password";
import { listAuditEvents } from "@/lib/server/audit/list-audit-events";
import { exportAuditEventsCsv } from "@/lib/server/audit/export-audit-events-csv";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { removeMember } from "@/lib/server/members/remove-member";
import { findCallerMembership } from "@/lib/server/members/find-caller-membership";
import { confirmMfaEnrolment } from "@/lib/server/auth/confirm-mfa-enrolment";
import { disableMfa } from "@/lib/server/auth/disable-mfa";
import { getMfaStatus } from "@/lib/server/auth/get-mfa-status";
import { regenerateRecoveryCodes } from "@/lib/server/auth/regenerate-recovery-codes";
import { startMfaEnrolment } from "@/lib/server/auth/start-mfa-enrolment";
import { findPasswordResetLink } from "@/lib/server/auth/find-password-reset-link";
import { resetPassword } from "@/lib/server/auth/reset-password";
import { sendPasswordResetLink } from "@/lib/server/auth/send-password-reset-link";
import { RESET_LINK_VALIDITY_MS } from "@/lib/server/auth/password-reset-token";
import { endAllSessionsOfUser } from "@/lib/server/auth/end-session";
import { findActiveSession } from "@/lib/server/auth/find-active-session";
import { listSessionsOfUser } from "@/lib/server/auth/list-sessions-of-user";
import { revokeSessionOfUser } from "@/lib/server/auth/revoke-session-of-user";
import { startSession } from "@/lib/server/auth/start-session";
import { getOrgSecuritySettings } from "@/lib/server/settings/get-org-security-settings";
import { updateOrgSecuritySettings } from "@/lib/server/settings/update-org-security-settings";
import { findUserIdByOidcIdentity, resolveOidcSignIn } from "@/lib/server/auth/resolve-oidc-sign-in";
import { ZChangePassword, ZPasswordReset } from "@/lib/validation/auth";
import { addMember, appErrorOf, createOrgWithMembers, createUser, PASSWORD, signedInAs, uniqueSuffix, type TUserFixture } from "../support/fixtures";

afterAll(async () => {
  await smtp.stop();
});

const meta = { ip: "198.51.100.20", userAgent: "vitest" };
let ipCounter = 0;
/** A fresh address per test, so one test's back-off never meets another's. */
const freshIp = () => `203.0.113.${++ipCounter}`;
const signIn = (email: string, password: string, code?: string, ip = freshIp()) => signInWithPassword({ ip, userAgent: "vitest" }, { email, password, code }, 3600);

async function enrol(user: TUserFixture, now = new Date()) {
  const enrolment = await startMfaEnrolment(user.id, PASSWORD);
  const secret = enrolment.manualKey.replaceAll(" ", "");
  const { recoveryCodes } = await confirmMfaEnrolment(user.id, totpCodeAt(secret, now), meta, now);
  return { secret, recoveryCodes, enrolment };
}

const step = 30_000;

describe("TOTP enrolment", () => {
  it("shows a QR code and manual key once, confirms with a code, and keeps the secret encrypted", async () => {
    const user = await createUser();
    expect(await getMfaStatus(user.id)).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    const { secret, recoveryCodes, enrolment } = await enrol(user);
    expect(enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(enrolment.qrCode.split(",")[1]!, "base64").toString()).toContain("<svg");
    expect(new URL(enrolment.otpauthUri).searchParams.get("secret")).toBe(secret);
    expect(recoveryCodes).toHaveLength(10);
    expect(await getMfaStatus(user.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });

    // At rest: neither the secret nor any recovery code appears in the database.
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { mfaSecret: true, mfaPendingSecret: true } });
    expect(row.mfaPendingSecret).toBeNull();
    expect(row.mfaSecret).toMatch(/^v1\./);
    expect(row.mfaSecret).not.toContain(secret);
    const hashes = await db.mfaRecoveryCode.findMany({ where: { userId: user.id }, select: { codeHash: true } });
    for (const code of recoveryCodes) expect(hashes.some((h) => h.codeHash.includes(code.replace("-", "")))).toBe(false);
    // And the default client never selects the secret at all.
    expect(Object.keys(await db.user.findUniqueOrThrow({ where: { id: user.id } }))).not.toContain("mfaSecret");
    expect(await db.auditEvent.count({ where: { action: "auth.mfa.enabled", actorId: user.id } })).toBe(1);
    // Without the password again, no enrolment starts; once on, a new one cannot replace the secret.
    expect(await appErrorOf(startMfaEnrolment(user.id, "not the password"))).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await appErrorOf(startMfaEnrolment(user.id, PASSWORD))).code).toBe("CONFLICT");
  });

  it("refuses a wrong code and a code from another secret, and keeps MFA off", async () => {
    const user = await createUser();
    const enrolment = await startMfaEnrolment(user.id, PASSWORD);
    const error = await appErrorOf(confirmMfaEnrolment(user.id, "000000", meta));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(["code"]);
    // Starting again replaces the pending secret: a code for the first one no longer confirms.
    const first = enrolment.manualKey.replaceAll(" ", "");
    await startMfaEnrolment(user.id, PASSWORD);
    expect((await appErrorOf(confirmMfaEnrolment(user.id, totpCodeAt(first, new Date()), meta))).code).toBe("VALIDATION_FAILED");
    expect((await getMfaStatus(user.id)).enabled).toBe(false);
  });

  it("turns off only with the password again, and new recovery codes replace the old ones", async () => {
    const user = await createUser();
    const { recoveryCodes } = await enrol(user);
    expect(await appErrorOf(disableMfa(user.id, "not the password", meta))).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await getMfaStatus(user.id)).enabled).toBe(true);

    const fresh = await regenerateRecoveryCodes(user.id, PASSWORD, meta);
    expect(fresh.recoveryCodes.some((code) => recoveryCodes.includes(code))).toBe(false);
    expect((await signIn(user.email, PASSWORD, recoveryCodes[0])).ok).toBe(false);
    expect((await signIn(user.email, PASSWORD, fresh.recoveryCodes[0])).ok).toBe(true);

    await disableMfa(user.id, PASSWORD, meta);
    expect(await getMfaStatus(user.id)).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect((await signIn(user.email, PASSWORD)).ok).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "auth.mfa.disabled", actorId: user.id } })).toBe(1);
  });
});

describe("password sign-in with a second step", () => {
  it("asks for the code after the right password, and refuses a wrong one", async () => {
    const user = await createUser();
    const { secret } = await enrol(user, new Date(Date.now() - step));
    expect(await signIn(user.email, "wrong password here")).toEqual({ ok: false, error: "CredentialsSignin" });
    expect(await signIn(user.email, PASSWORD)).toEqual({ ok: false, error: "MfaRequired" });
    expect(await signIn(user.email, PASSWORD, "123456")).toEqual({ ok: false, error: "MfaInvalid" });
    // A right code with a wrong password is still a wrong password, and spends no code.
    const code = totpCodeAt(secret, new Date());
    expect(await signIn(user.email, "wrong password here", code)).toEqual({ ok: false, error: "CredentialsSignin" });
    const result = await signIn(user.email, PASSWORD, code);
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    const session = await db.authSession.findUniqueOrThrow({ where: { id: result.ok ? result.sessionId : "" } });
    expect(session.method).toBe("PASSWORD");
    expect(await db.auditEvent.count({ where: { action: "auth.mfa.failed", actorId: user.id } })).toBe(1);
  });

  it("never accepts the same code, or an older time step, twice", async () => {
    const user = await createUser();
    const now = Date.now();
    const { secret } = await enrol(user, new Date(now - step));
    const current = totpCodeAt(secret, new Date(now));
    expect((await signIn(user.email, PASSWORD, current)).ok).toBe(true);
    expect(await signIn(user.email, PASSWORD, current)).toEqual({ ok: false, error: "MfaInvalid" });
    // The step before the one just used is older, so it is refused too, although still in the window.
    expect(await signIn(user.email, PASSWORD, totpCodeAt(secret, new Date(now - step)))).toEqual({ ok: false, error: "MfaInvalid" });
    // The next step is new: accepted.
    expect((await signIn(user.email, PASSWORD, totpCodeAt(secret, new Date(now + step)))).ok).toBe(true);
  });

  it("lets two racing sign-ins with one code produce one session", async () => {
    const user = await createUser();
    const { secret } = await enrol(user, new Date(Date.now() - step));
    const code = totpCodeAt(secret, new Date());
    const results = await Promise.all([signIn(user.email, PASSWORD, code), signIn(user.email, PASSWORD, code), signIn(user.email, PASSWORD, code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("accepts each recovery code once, in any spelling, and records it", async () => {
    const user = await createUser();
    const { recoveryCodes } = await enrol(user);
    const [first, second] = recoveryCodes as [string, string];
    expect((await signIn(user.email, PASSWORD, ` ${first.toUpperCase()} `)).ok).toBe(true);
    expect(await signIn(user.email, PASSWORD, first)).toEqual({ ok: false, error: "MfaInvalid" });
    expect((await signIn(user.email, PASSWORD, second.replace("-", ""))).ok).toBe(true);
    expect((await getMfaStatus(user.id)).recoveryCodesLeft).toBe(8);
    const used = await db.auditEvent.findMany({ where: { action: "auth.mfa.recovery_code_used", actorId: user.id }, orderBy: { createdAt: "asc" } });
    expect(used.map((event) => event.metadata)).toEqual([{ left: 9 }, { left: 8 }]);
  });

  it("stops code guessing after 10 wrong codes, from any address", async () => {
    const user = await createUser();
    const { secret } = await enrol(user, new Date(Date.now() - step));
    for (let i = 0; i < 10; i++) expect(await signIn(user.email, PASSWORD, String(100000 + i))).toEqual({ ok: false, error: "MfaInvalid" });
    expect(await signIn(user.email, PASSWORD, totpCodeAt(secret, new Date()))).toEqual({ ok: false, error: "MfaRateLimited" });
  });
});

describe("organisation sign-in policy", () => {
  it("SSO-only needs SSO configured and an admin signed in with SSO, then refuses members' passwords", async () => {
    const { org, owner } = await createOrgWithMembers("Sso", ["OWNER"]);
    const member = await addMember(org, "VIEWER");
    const refused = await appErrorOf(updateOrgSecuritySettings(owner.caller, { authMethod: "PASSWORD", mfaEnabled: false }, { requireMfa: false, ssoOnly: true }));
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect((await getOrgSecuritySettings(owner.caller, { authMethod: "PASSWORD", mfaEnabled: false })).ssoOnly).toBe(false);

    expect(await updateOrgSecuritySettings(owner.caller, { authMethod: "SSO", mfaEnabled: false }, { requireMfa: true, ssoOnly: true })).toMatchObject({ requireMfa: true, ssoOnly: true, ssoConfigured: true });
    expect(await signIn(member.user.email, PASSWORD)).toEqual({ ok: false, error: "SsoRequired" });
    // A wrong password still says only that: the policy is not revealed to a guesser.
    expect(await signIn(member.user.email, "wrong password here")).toEqual({ ok: false, error: "CredentialsSignin" });
    const events = await db.auditEvent.findMany({ where: { orgId: org.id, action: "settings.security_changed" } });
    expect(events.map((e) => e.metadata)).toEqual([{ from: { requireMfa: false, ssoOnly: false }, to: { requireMfa: true, ssoOnly: true }, mfaRequiredFrom: expect.any(String) }]);

    await updateOrgSecuritySettings(owner.caller, { authMethod: "SSO", mfaEnabled: false }, { requireMfa: false, ssoOnly: false });
    expect((await signIn(member.user.email, PASSWORD)).ok).toBe(true);
  });

  it("counts members with two-factor authentication for the settings page", async () => {
    const { org, owner } = await createOrgWithMembers("Count", ["OWNER", "EDITOR"]);
    await enrol(owner.user);
    expect(await getOrgSecuritySettings(owner.caller, { authMethod: "PASSWORD", mfaEnabled: true })).toMatchObject({ members: 2, membersWithMfa: 1, requireMfa: false, callerCanRequireMfa: true });
    expect(org.id).toBeTruthy();
  });
});

describe("password reset by email", () => {
  function linkTokenFor(email: string): string {
    const messages = smtp.to(email);
    const text = messages[messages.length - 1]?.text ?? "";
    const token = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    if (!token) throw new Error(`no reset link in ${JSON.stringify(text)}`);
    return token;
  }

  const reset = (token: string, password: string, code?: string, now?: Date) => resetPassword({ ip: freshIp(), userAgent: "vitest" }, ZPasswordReset.parse({ token, password, code }), now);

  it("emails a single-use link, stores only its hash, and ends every session on use", async () => {
    const user = await createUser();
    await sendPasswordResetLink(meta, user.email);
    const token = linkTokenFor(user.email);
    expect(smtp.to(user.email).at(-1)!.text).toContain(`http://bulwark.test:3000/reset-password/${token}`);
    expect(await db.passwordResetToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await findPasswordResetLink(token)).toEqual({ email: user.email, mfaRequired: false });

    const session = await startSession(user.id, { ip: "192.0.2.1", userAgent: null, maxAgeSeconds: 3600 });
    await reset(token, "a brand new passphrase here");
    expect(await findActiveSession(user.id, session.id)).toBeNull();
    expect((await signIn(user.email, PASSWORD)).ok).toBe(false);
    expect((await signIn(user.email, "a brand new passphrase here")).ok).toBe(true);
    // Used once: the same link does nothing more.
    expect(await appErrorOf(reset(token, "yet another new passphrase"))).toMatchObject({ code: "NOT_FOUND" });
    expect(await findPasswordResetLink(token)).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "auth.password_reset.completed", actorId: user.id } })).toBe(1);
  });

  it("expires 15 minutes after it was sent", async () => {
    const user = await createUser();
    const sentAt = new Date();
    await sendPasswordResetLink(meta, user.email, sentAt);
    const token = linkTokenFor(user.email);
    const justBefore = new Date(sentAt.getTime() + RESET_LINK_VALIDITY_MS - 1);
    const at = new Date(sentAt.getTime() + RESET_LINK_VALIDITY_MS);
    expect(RESET_LINK_VALIDITY_MS).toBe(15 * 60 * 1000);
    expect(await findPasswordResetLink(token, justBefore)).not.toBeNull();
    expect(await findPasswordResetLink(token, at)).toBeNull();
    expect(await appErrorOf(reset(token, "a brand new passphrase here", undefined, at))).toMatchObject({ code: "NOT_FOUND" });
    await reset(token, "a brand new passphrase here", undefined, justBefore);
    expect((await signIn(user.email, "a brand new passphrase here")).ok).toBe(true);
  });

  it("voids an older link when a newer one is sent, and says nothing for unknown addresses", async () => {
    const user = await createUser();
    await sendPasswordResetLink(meta, user.email);
    const older = linkTokenFor(user.email);
    await sendPasswordResetLink(meta, user.email);
    const newer = linkTokenFor(user.email);
    expect(newer).not.toBe(older);
    expect(await findPasswordResetLink(older)).toBeNull();
    expect(await findPasswordResetLink(newer)).not.toBeNull();
    const before = smtp.messages.length;
    await sendPasswordResetLink(meta, `nobody-${uniqueSuffix()}@example.test`);
    expect(smtp.messages.length).toBe(before);
  });

  it("does not get around two-factor authentication, and refuses a common password", async () => {
    const user = await createUser();
    const { secret } = await enrol(user, new Date(Date.now() - step));
    await sendPasswordResetLink(meta, user.email);
    const token = linkTokenFor(user.email);
    expect(await findPasswordResetLink(token)).toEqual({ email: user.email, mfaRequired: true });
    const noCode = await appErrorOf(reset(token, "a brand new passphrase here"));
    expect(noCode.fieldErrors?.map((f) => f.field)).toEqual(["code"]);
    expect((await appErrorOf(reset(token, "a brand new passphrase here", "000000"))).fieldErrors?.map((f) => f.field)).toEqual(["code"]);
    const weak = await appErrorOf(reset(token, "Password2024!", totpCodeAt(secret, new Date())));
    expect(weak.fieldErrors?.map((f) => f.field)).toEqual(["password"]);
    // Nothing was used up by the refusals: the link still works with a code.
    await reset(token, "a brand new passphrase here", totpCodeAt(secret, new Date()));
    // MFA stays on after the reset.
    expect(await signIn(user.email, "a brand new passphrase here")).toEqual({ ok: false, error: "MfaRequired" });
  });

  it("limits reset emails to 3 an hour per account", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) await sendPasswordResetLink(meta, user.email);
    expect(smtp.to(user.email)).toHaveLength(3);
  });
});

describe("new passwords", () => {
  it("refuses a common password on change, with the field named", async () => {
    const user = await createUser();
    const error = await appErrorOf(changePassword(user.id, ZChangePassword.parse({ currentPassword: PASSWORD, newPassword: "qwerty123456" }), meta));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(["newPassword"]);
    expect((await signIn(user.email, PASSWORD)).ok).toBe(true);
  });
});

describe("sessions", () => {
  it("lists my active sessions with device, address and last seen, and revoking one takes effect on the next request", async () => {
    const user = await createUser();
    const other = await createUser();
    const chrome = await startSession(user.id, { ip: "192.0.2.10", userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", maxAgeSeconds: 3600 });
    const firefox = await startSession(user.id, { ip: "192.0.2.11", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", maxAgeSeconds: 3600 });
    const foreign = await startSession(other.id, { ip: "192.0.2.12", userAgent: null, maxAgeSeconds: 3600 });
    const list = await listSessionsOfUser(user.id, chrome.id);
    expect(list.map((s) => [s.device, s.ip, s.current])).toEqual(
      expect.arrayContaining([
        ["Chrome 156 on Linux", "192.0.2.10", true],
        ["Firefox 133 on macOS", "192.0.2.11", false],
      ]),
    );
    expect(list).toHaveLength(2);
    expect(list[0]!.lastSeenAt).toBeInstanceOf(Date);

    expect(await findActiveSession(user.id, firefox.id)).not.toBeNull();
    await revokeSessionOfUser(user.id, firefox.id);
    expect(await findActiveSession(user.id, firefox.id)).toBeNull();
    expect(await findActiveSession(user.id, chrome.id)).not.toBeNull();
    // Someone else's session answers like a missing one and stays active.
    expect(await appErrorOf(revokeSessionOfUser(user.id, foreign.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await findActiveSession(other.id, foreign.id)).not.toBeNull();
  });

  it("signs out everywhere, or everywhere else", async () => {
    const user = await createUser();
    const sessions = await Promise.all([1, 2, 3].map(() => startSession(user.id, { ip: "192.0.2.20", userAgent: null, maxAgeSeconds: 3600 })));
    expect(await endAllSessionsOfUser(user.id, undefined, { except: sessions[0]!.id })).toBe(2);
    expect(await findActiveSession(user.id, sessions[0]!.id)).not.toBeNull();
    expect(await endAllSessionsOfUser(user.id)).toBe(1);
    expect(await listSessionsOfUser(user.id, sessions[0]!.id)).toEqual([]);
  });

  it("removing a member leaves their session (it is not the organisation's) but no longer points it at the organisation", async () => {
    const { org, owner } = await createOrgWithMembers("Removal", ["OWNER"]);
    const member = await addMember(org, "EDITOR");
    const session = await startSession(member.user.id, { ip: "192.0.2.30", userAgent: null, maxAgeSeconds: 3600 });
    expect((await findActiveSession(member.user.id, session.id))?.activeOrgId).toBe(org.id);
    await removeMember(owner.caller, member.membershipId);
    // Access to the organisation ends through the membership check on every request
    // (assessment-access.test.ts follows the next request through the route guard).
    expect(await findActiveSession(member.user.id, session.id)).toMatchObject({ id: session.id, activeOrgId: null });
    expect(await findCallerMembership(signedInAs(member.user), org.slug)).toBeNull();
  });
});

describe("SSO account linking", () => {
  const issuer = "http://idp.test/";

  it("links by verified email only, and later finds the user by subject even if the email changes", async () => {
    const user = await createUser();
    const subject = `sub-${uniqueSuffix()}`;
    expect(await resolveOidcSignIn(meta, { issuer, subject, email: user.email, emailVerified: false })).toEqual({ ok: false, reason: "email_not_verified" });
    expect(await resolveOidcSignIn(meta, { issuer, subject, email: user.email })).toEqual({ ok: false, reason: "email_not_verified" });
    expect(await findUserIdByOidcIdentity(issuer, subject)).toBeNull();

    expect(await resolveOidcSignIn(meta, { issuer, subject, email: user.email.toUpperCase(), emailVerified: true })).toEqual({ ok: true, userId: user.id, linked: true });
    expect(await resolveOidcSignIn(meta, { issuer, subject, email: "changed@example.test", emailVerified: false })).toEqual({ ok: true, userId: user.id, linked: false });
    expect(await db.auditEvent.count({ where: { action: "auth.sso.linked", actorId: user.id } })).toBe(1);
  });

  it("accepts the claim as the string \"true\", never creates accounts, and keeps issuers apart", async () => {
    const user = await createUser();
    const subject = `sub-${uniqueSuffix()}`;
    expect(await resolveOidcSignIn(meta, { issuer, subject: `${subject}-x`, email: `nobody-${uniqueSuffix()}@example.test`, emailVerified: true })).toEqual({ ok: false, reason: "no_account" });
    expect((await resolveOidcSignIn(meta, { issuer, subject, email: user.email, emailVerified: "true" })).ok).toBe(true);
    expect(await findUserIdByOidcIdentity("http://other-idp.test/", subject)).toBeNull();
  });
});

describe("audit log", () => {
  it("shows an admin the organisation's own events only: no account events of its members, never another organisation's", async () => {
    const a = await createOrgWithMembers("AuditA", ["OWNER", "EDITOR"]);
    const b = await createOrgWithMembers("AuditB", ["OWNER"]);
    await recordAuditEvent({ orgId: a.org.id, actorId: a.editor.user.id, action: "mitigation.updated", targetType: "mitigation", targetId: "m1" });
    await recordAuditEvent({ orgId: b.org.id, actorId: b.owner.user.id, action: "mitigation.updated", targetType: "mitigation", targetId: "m2" });
    await recordAuditEvent({ actorId: a.editor.user.id, action: "auth.sign_in.succeeded", targetType: "user", targetId: a.editor.user.id });
    await recordAuditEvent({ actorId: null, action: "auth.password_reset.requested", targetType: "user", targetId: a.editor.user.id });
    await recordAuditEvent({ actorId: b.owner.user.id, action: "auth.sign_in.succeeded", targetType: "user", targetId: b.owner.user.id });

    const all = await listAuditEvents(a.owner.caller, { filters: {}, limit: 50 });
    // Account events (sign-ins, resets) have no organisation: not an organisation admin's to read.
    expect(all.data.map((e) => [e.action, e.targetId])).toEqual([["mitigation.updated", "m1"]]);
    const fromB = await listAuditEvents(b.owner.caller, { filters: {}, limit: 50 });
    expect(fromB.data.map((e) => e.targetId)).not.toContain("m1");
    expect(fromB.data.map((e) => e.targetId)).not.toContain(a.editor.user.id);
  });

  it("filters by actor, action, object and date, and pages newest first", async () => {
    const { org, owner, editor } = await createOrgWithMembers("AuditFilter", ["OWNER", "EDITOR"]);
    const day = (d: string) => new Date(`${d}T12:00:00Z`);
    const rows = [
      { actorId: owner.user.id, action: "api.created", targetType: "api", targetId: "api-1", createdAt: day("2026-01-10") },
      { actorId: editor.user.id, action: "api.updated", targetType: "api", targetId: "api-1", createdAt: day("2026-01-11") },
      { actorId: editor.user.id, action: "threat.created", targetType: "threat", targetId: "t-1", createdAt: day("2026-01-12") },
      { actorId: editor.user.id, action: "threat.updated", targetType: "threat", targetId: "t-1", createdAt: day("2026-01-13") },
    ];
    await db.auditEvent.createMany({ data: rows.map((row) => ({ ...row, orgId: org.id })) });
    const actions = async (filters: Parameters<typeof listAuditEvents>[1]["filters"]) => (await listAuditEvents(owner.caller, { filters, limit: 50 })).data.map((e) => e.action);
    expect(await actions({ actor: editor.user.id })).toEqual(["threat.updated", "threat.created", "api.updated"]);
    expect(await actions({ action: "api." })).toEqual(["api.updated", "api.created"]);
    expect(await actions({ objectType: "threat", objectId: "t-1" })).toEqual(["threat.updated", "threat.created"]);
    expect(await actions({ from: "2026-01-11", to: "2026-01-12" })).toEqual(["threat.created", "api.updated"]);

    const first = await listAuditEvents(owner.caller, { filters: { from: "2026-01-01", to: "2026-01-31" }, limit: 3 });
    expect(first.data.map((e) => e.action)).toEqual(["threat.updated", "threat.created", "api.updated"]);
    const second = await listAuditEvents(owner.caller, { filters: { from: "2026-01-01", to: "2026-01-31" }, limit: 3, cursor: first.nextCursor! });
    expect(second.data.map((e) => e.action)).toEqual(["api.created"]);
    expect(second.nextCursor).toBeNull();
  });

  it("exports CSV with formula cells defused, and records the export", async () => {
    const { org, owner } = await createOrgWithMembers("AuditCsv", ["OWNER"]);
    await recordAuditEvent({ orgId: org.id, actorId: owner.user.id, action: "api.created", targetType: "api", targetId: "api-9", metadata: { name: "=HYPERLINK(\"http://evil.example\")" } });
    await recordAuditEvent({ orgId: org.id, actorId: owner.user.id, action: "api.created", targetType: "api", targetId: "-1+2", ip: "@evil" });
    const stream = await exportAuditEventsCsv(owner.caller, { action: "api." });
    const text = await new Response(stream).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("time,actor_email,actor_name,action,object_type,object_id,ip,user_agent,details");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",api,'-1+2,'@evil,");
    expect(lines[2]).toContain(`"{""name"":""=HYPERLINK(\\""http://evil.example\\"")""}"`);
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "audit.exported", actorId: owner.user.id } })).toBe(1);
  });

  it("refuses UPDATE and DELETE of audit rows in the database, through Prisma too", async () => {
    const { org, owner } = await createOrgWithMembers("AuditAppend", ["OWNER"]);
    await recordAuditEvent({ orgId: org.id, actorId: owner.user.id, action: "append.test", targetType: "organization", targetId: org.id });
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "append.test" } });
    await expect(db.auditEvent.update({ where: { id: event.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.updateMany({ where: { orgId: org.id }, data: { actorId: null } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "orgId" = $1`, org.id)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ action: "append.test", actorId: owner.user.id });
  });

  it("has no update or delete of audit events anywhere in the application code", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (name === "generated" || name === "node_modules") continue;
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          const source = readFileSync(full, "utf8");
          if (/auditEvent\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/.test(source) || /(UPDATE|DELETE\s+FROM)\s+"AuditEvent"/i.test(source)) offenders.push(full);
        }
      }
    };
    for (const dir of ["app", "lib", "components", "scripts", "prisma"]) walk(path.join(process.cwd(), dir));
    expect(offenders).toEqual([]);
    // The scan itself finds what it looks for.
    expect(/auditEvent\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/.test("db.auditEvent.deleteMany({})")).toBe(true);
  });
});

it("AppError is what every refusal above is made of", () => {
  expect(new AppError("MFA_ENROLMENT_REQUIRED", "x").status).toBe(403);
  expect(new AppError("SSO_REQUIRED", "x").status).toBe(403);
});
