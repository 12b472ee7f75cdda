import { json, withUser } from "@/lib/api/guard";
import { confirmMfaEnrolment } from "@/lib/server/auth/confirm-mfa-enrolment";
import { ZMfaCode } from "@/lib/validation/auth";

export const POST = withUser({ body: ZMfaCode }, async ({ user, body, meta }) => json(await confirmMfaEnrolment(user.userId, body.code, meta)));
