import { json, withUser } from "@/lib/api/guard";
import { startMfaEnrolment } from "@/lib/server/mfa/mfa";

// A new secret each call; it is returned only here, before it is confirmed.
export const POST = withUser({}, async ({ user }) => json(await startMfaEnrolment(user.userId), { status: 201 }));
