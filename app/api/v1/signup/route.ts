import { AppError } from "@/lib/api/app-error";
import { json, withPublic } from "@/lib/api/guard";
import { getFailureLimiter } from "@/lib/auth/rate-limit";
import { signUp } from "@/lib/server/account/sign-up";
import { ZSignUp } from "@/lib/validation/auth";

const SIGN_UP_RULE = { limit: 10, windowMs: 60 * 60 * 1000 };

export const POST = withPublic({ body: ZSignUp }, async ({ body, meta }) => {
  const limiter = getFailureLimiter();
  const keys = [{ key: `signup:ip:${meta.ip}`, rule: SIGN_UP_RULE }];
  const decision = await limiter.check(keys);
  if (!decision.allowed) throw new AppError("RATE_LIMITED", "Too many sign-ups from this address. Try again later.", { retryAfterSeconds: decision.retryAfterSeconds });
  // Every attempt counts, successful or not: sign-up creates accounts and must not be scriptable.
  await limiter.recordFailure(keys);
  const result = await signUp(body, meta);
  return json({ email: body.email, org: result.org }, { status: 201 });
});
