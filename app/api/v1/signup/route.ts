import { AppError } from "@/lib/core/app-error";
import { json, withPublic } from "@/lib/api/guard";
import { getFailureLimiter, ipBucket, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import { signUp } from "@/lib/server/account/sign-up";
import { ZSignUp } from "@/lib/validation/auth";

export const POST = withPublic({ body: ZSignUp }, async ({ body, meta }) => {
  // Every attempt counts, successful or not: sign-up creates accounts and must not be scriptable.
  const decision = await getFailureLimiter().consume([{ key: `signup:ip:${ipBucket(meta.ip)}`, rule: OTHER_RULES.signUpPerIp }]);
  if (!decision.allowed) throw new AppError("RATE_LIMITED", "Too many sign-ups from this address. Try again later.", { retryAfterSeconds: decision.retryAfterSeconds });
  const result = await signUp(meta, body);
  return json({ email: body.email, org: result.org }, { status: 201 });
});
