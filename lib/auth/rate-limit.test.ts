import { describe, expect, it } from "vitest";
import { FailureLimiter, SIGN_IN_RULES, createMemoryStore, ipBucket, signInLimitKeys } from "@/lib/auth/rate-limit";

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

describe("ipBucket", () => {
  it("leaves an IPv4 address and 'unknown' unchanged", () => {
    expect(ipBucket("1.2.3.4")).toBe("1.2.3.4");
    expect(ipBucket("203.0.113.250")).toBe("203.0.113.250");
    expect(ipBucket("unknown")).toBe("unknown");
  });

  it("puts every address of one IPv6 /64 into one bucket, however it is written", () => {
    expect(ipBucket("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:DB8:1:2::")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("::1")).toBe("0:0:0:0::/64");
    expect(ipBucket("::")).toBe("0:0:0:0::/64");
    expect(ipBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
  });

  it("keeps different /64s apart", () => {
    expect(ipBucket("2001:db8:1:3::9")).not.toBe(ipBucket("2001:db8:1:2::9"));
    expect(ipBucket("2001:db8:1::2:0:0:9")).toBe("2001:db8:1:0::/64");
    expect(ipBucket("2001:db9:1:2::9")).not.toBe(ipBucket("2001:db8:1:2::9"));
  });
});

describe("signInLimitKeys hardening", () => {
  it("drops NUL characters from the email (PostgreSQL text cannot hold them)", () => {
    const [account] = signInLimitKeys("ali\u0000ce@Example.com\u0000", "1.2.3.4");
    expect(account!.key).toBe("signin:account:alice@example.com");
    expect(account!.key).not.toContain("\u0000");
    // NUL around spaces: removed first, so the trim still applies.
    expect(signInLimitKeys("\u0000 bob@example.com \u0000", "1.2.3.4")[0]!.key).toBe("signin:account:bob@example.com");
  });

  it("caps the email part of the key", () => {
    const [account] = signInLimitKeys(`${"a".repeat(1000)}@example.com`, "1.2.3.4");
    expect(account!.key.length).toBe("signin:account:".length + 320);
  });

  it("keys an IPv6 address by its /64, so rotating the host part does not reset the count", async () => {
    expect(signInLimitKeys("alice@example.com", "2001:db8:1:2:3:4:5:6")[1]!.key).toBe("signin:ip:2001:db8:1:2::/64");
    expect(signInLimitKeys("alice@example.com", "2001:db8:1:2::9")[1]!.key).toBe("signin:ip:2001:db8:1:2::/64");

    const t = setup();
    for (let host = 0; host < 50; host++) await t.limiter.recordFailure(signInLimitKeys(`user${host}@example.com`, `2001:db8:1:2::${host.toString(16)}`));
    expect(await t.limiter.check(signInLimitKeys("fresh@example.com", "2001:db8:1:2:ffff::1"))).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect((await t.limiter.check(signInLimitKeys("fresh@example.com", "2001:db8:1:3::1"))).allowed).toBe(true);
  });
});

describe("FailureLimiter.consume and refund with the memory store", () => {
  const rule = { limit: 10, windowMs: FIFTEEN_MINUTES_MS };
  const entry = (key = "consume:key") => [{ key, rule }];

  it("allows attempts 1 to 10 and refuses the 11th for the rest of the window", async () => {
    const t = setup();
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(await t.limiter.consume(entry()), `attempt ${attempt}`).toEqual({ allowed: true });
    }
    expect(await t.limiter.consume(entry())).toEqual({ allowed: false, retryAfterSeconds: 900 });
    t.advance(60_000);
    expect(await t.limiter.consume(entry())).toEqual({ allowed: false, retryAfterSeconds: 840 });
    // Another key is not affected.
    expect(await t.limiter.consume(entry("consume:other"))).toEqual({ allowed: true });
  });

  it("allows again once the window has passed", async () => {
    const t = setup();
    for (let attempt = 0; attempt < 11; attempt++) await t.limiter.consume(entry());
    t.advance(FIFTEEN_MINUTES_MS);
    expect(await t.limiter.consume(entry())).toEqual({ allowed: true });
  });

  it("lets exactly 10 of 20 concurrent attempts through", async () => {
    const t = setup();
    const decisions = await Promise.all(Array.from({ length: 20 }, () => t.limiter.consume(entry())));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions.filter((d) => !d.allowed)).toHaveLength(10);
    for (const decision of decisions.filter((d) => !d.allowed)) expect(decision).toEqual({ allowed: false, retryAfterSeconds: 900 });
    // And the counter does not pretend the refused ones never happened: still refused.
    expect((await t.limiter.consume(entry())).allowed).toBe(false);
  });

  it("refuses when any one of several keys is over its limit, with the longest wait", async () => {
    const t = setup();
    const short = { key: "short", rule: { limit: 1, windowMs: 60_000 } };
    const long = { key: "long", rule: { limit: 2, windowMs: 3_600_000 } };
    expect(await t.limiter.consume([short, long])).toEqual({ allowed: true });
    expect(await t.limiter.consume([short, long])).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await t.limiter.consume([short, long])).toEqual({ allowed: false, retryAfterSeconds: 3600 });
  });

  it("refund gives one attempt back", async () => {
    const t = setup();
    for (let attempt = 0; attempt < 10; attempt++) expect((await t.limiter.consume(entry())).allowed).toBe(true);
    await t.limiter.refund(["consume:key"]);
    expect(await t.limiter.consume(entry())).toEqual({ allowed: true });
    expect((await t.limiter.consume(entry())).allowed).toBe(false);
  });

  it("refund never goes below zero", async () => {
    const t = setup();
    // Two attempts, five refunds: the count is 0, not -3.
    await t.limiter.consume(entry());
    await t.limiter.consume(entry());
    for (let i = 0; i < 5; i++) await t.limiter.refund(["consume:key"]);
    for (let attempt = 1; attempt <= 10; attempt++) expect((await t.limiter.consume(entry())).allowed, `attempt ${attempt}`).toBe(true);
    expect((await t.limiter.consume(entry())).allowed).toBe(false);
  });

  it("refund of a key that never counted creates nothing", async () => {
    const t = setup();
    await t.limiter.refund(["never:seen"]);
    await t.limiter.refund(["never:seen"]);
    expect(await t.limiter.check(entry("never:seen"))).toEqual({ allowed: true });
    for (let attempt = 1; attempt <= 10; attempt++) expect((await t.limiter.consume(entry("never:seen"))).allowed).toBe(true);
    expect((await t.limiter.consume(entry("never:seen"))).allowed).toBe(false);
  });
});
