import { describe, expect, it } from "vitest";
import { FailureLimiter, SIGN_IN_RULES, createMemoryStore, signInLimitKeys } from "@/lib/auth/rate-limit";

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

function setup() {
  let now = new Date("2025-01-01T12:00:00.000Z");
  const limiter = new FailureLimiter(createMemoryStore(), () => now);
  return {
    limiter,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    async fail(times: number, email: string, ip: string) {
      for (let i = 0; i < times; i++) await limiter.recordFailure(signInLimitKeys(email, ip));
    },
  };
}

describe("sign-in rules", () => {
  it("are 10 per account and 50 per address in 15 minutes", () => {
    expect(SIGN_IN_RULES.account).toEqual({ limit: 10, windowMs: FIFTEEN_MINUTES_MS });
    expect(SIGN_IN_RULES.ip).toEqual({ limit: 50, windowMs: FIFTEEN_MINUTES_MS });
  });

  it("key the account by the normalised email", () => {
    expect(signInLimitKeys(" Alice@Example.COM ", "1.2.3.4").map((entry) => entry.key)).toEqual([
      "signin:account:alice@example.com",
      "signin:ip:1.2.3.4",
    ]);
  });
});

describe("FailureLimiter with the memory store", () => {
  it("allows a caller with no failures", async () => {
    const { limiter } = setup();
    expect(await limiter.check(signInLimitKeys("alice@example.com", "1.2.3.4"))).toEqual({ allowed: true });
  });

  it("allows 9 failures and refuses after the 10th for the account, for about 15 minutes", async () => {
    const t = setup();
    const keys = signInLimitKeys("alice@example.com", "1.2.3.4");
    await t.fail(9, "alice@example.com", "1.2.3.4");
    expect(await t.limiter.check(keys)).toEqual({ allowed: true });
    await t.fail(1, "alice@example.com", "1.2.3.4");
    expect(await t.limiter.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });

  it("limits the account from any address and any spelling of the email", async () => {
    const t = setup();
    await t.fail(10, "alice@example.com", "1.2.3.4");
    expect((await t.limiter.check(signInLimitKeys("ALICE@example.com", "5.6.7.8"))).allowed).toBe(false);
    expect((await t.limiter.check(signInLimitKeys("bob@example.com", "1.2.3.4"))).allowed).toBe(true);
  });

  it("counts Retry-After down from the first failure of the window", async () => {
    const t = setup();
    await t.fail(5, "alice@example.com", "1.2.3.4");
    t.advance(5 * 60 * 1000);
    await t.fail(5, "alice@example.com", "1.2.3.4");
    expect(await t.limiter.check(signInLimitKeys("alice@example.com", "1.2.3.4"))).toEqual({ allowed: false, retryAfterSeconds: 600 });
    t.advance(500);
    expect(await t.limiter.check(signInLimitKeys("alice@example.com", "1.2.3.4"))).toEqual({ allowed: false, retryAfterSeconds: 600 });
  });

  it("limits an address at 50 failures across different accounts, independently of the account rule", async () => {
    const t = setup();
    for (let i = 0; i < 49; i++) await t.fail(1, `user${i}@example.com`, "9.9.9.9");
    expect((await t.limiter.check(signInLimitKeys("fresh@example.com", "9.9.9.9"))).allowed).toBe(true);
    await t.fail(1, "user49@example.com", "9.9.9.9");
    expect(await t.limiter.check(signInLimitKeys("fresh@example.com", "9.9.9.9"))).toEqual({ allowed: false, retryAfterSeconds: 900 });
    // The same fresh account from another address is not affected.
    expect((await t.limiter.check(signInLimitKeys("fresh@example.com", "8.8.8.8"))).allowed).toBe(true);
  });

  it("allows again once the window has passed, and starts a new window", async () => {
    const t = setup();
    const keys = signInLimitKeys("alice@example.com", "1.2.3.4");
    await t.fail(10, "alice@example.com", "1.2.3.4");
    t.advance(FIFTEEN_MINUTES_MS - 1);
    expect(await t.limiter.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    t.advance(2); // 15 minutes + 1 ms after the first failure
    expect(await t.limiter.check(keys)).toEqual({ allowed: true });
    // The old count is gone and a fresh 15-minute window starts with the next failure.
    await t.fail(9, "alice@example.com", "1.2.3.4");
    expect(await t.limiter.check(keys)).toEqual({ allowed: true });
    await t.fail(1, "alice@example.com", "1.2.3.4");
    expect(await t.limiter.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });

  it("reports the longest wait when several keys are over their limit", async () => {
    let now = new Date("2025-01-01T12:00:00.000Z");
    const limiter = new FailureLimiter(createMemoryStore(), () => now);
    const short = { key: "short", rule: { limit: 1, windowMs: 60_000 } };
    const long = { key: "long", rule: { limit: 1, windowMs: 3_600_000 } };
    await limiter.recordFailure([short, long]);
    now = new Date(now.getTime() + 1_000);
    expect(await limiter.check([short, long])).toEqual({ allowed: false, retryAfterSeconds: 3599 });
  });

  it("reset clears one key only", async () => {
    const t = setup();
    await t.fail(10, "alice@example.com", "1.2.3.4");
    await t.fail(10, "bob@example.com", "5.6.7.8");
    await t.limiter.reset("signin:account:alice@example.com");
    expect((await t.limiter.check(signInLimitKeys("alice@example.com", "1.2.3.4"))).allowed).toBe(true);
    expect((await t.limiter.check(signInLimitKeys("bob@example.com", "5.6.7.8"))).allowed).toBe(false);
    // Alice starts from zero: nine more failures are still allowed.
    await t.fail(9, "alice@example.com", "1.2.3.4");
    expect((await t.limiter.check(signInLimitKeys("alice@example.com", "1.2.3.4"))).allowed).toBe(true);
  });

  it("does not share counts between two memory stores", async () => {
    const a = setup();
    const b = setup();
    await a.fail(10, "alice@example.com", "1.2.3.4");
    expect((await b.limiter.check(signInLimitKeys("alice@example.com", "1.2.3.4"))).allowed).toBe(true);
  });
});
