import { json, withUser } from "@/lib/api/guard";
import { startMfaEnrolment } from "@/lib/server/auth/start-mfa-enrolment";
import { ZReauthenticate } from "@/lib/validation/auth";

// A new secret each call; it is returned only here, before it is confirmed.
export const POST = withUser({ body: ZReauthenticate }, async ({ user, body }) => json(await startMfaEnrolment(user.userId, body.password), { status: 201 }));
