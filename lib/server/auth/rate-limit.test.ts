import { describe, expect, it } from "vitest";
import { FailureLimiter, SIGN_IN_BACKOFF, SIGN_IN_IP_RULE, SignInThrottle, createMemoryStore, ipBucket, signInBackoffDelayMs, signInKeys } from "@/lib/server/auth/rate-limit";

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;
const MINUTE = 60 * 1000;

function setup() {
  let now = new Date("2025-01-01T12:00:00.000Z");
  const limiter = new FailureLimiter(createMemoryStore(), () => now);
  const rule = { limit: 10, windowMs: FIFTEEN_MINUTES_MS };
  return {
    limiter,
    rule,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    entries: (key: string) => [{ key, rule }],
    async fail(times: number, key: string) {
      for (let i = 0; i < times; i++) await limiter.recordFailure([{ key, rule }]);
    },
  };
}

describe("FailureLimiter with the memory store (fixed windows)", () => {
  it("allows a caller with no failures", async () => {
    const t = setup();
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: true });
  });

  it("allows 9 failures and refuses after the 10th, for about 15 minutes", async () => {
    const t = setup();
    await t.fail(9, "user:alice");
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: true });
    await t.fail(1, "user:alice");
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(await t.limiter.check(t.entries("user:bob"))).toEqual({ allowed: true });
  });

  it("counts Retry-After down from the first failure of the window", async () => {
    const t = setup();
    await t.fail(5, "user:alice");
    t.advance(5 * MINUTE);
    await t.fail(5, "user:alice");
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: false, retryAfterSeconds: 600 });
    t.advance(500);
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: false, retryAfterSeconds: 600 });
  });

  it("allows again once the window has passed, and starts a new window", async () => {
    const t = setup();
    await t.fail(10, "user:alice");
    t.advance(FIFTEEN_MINUTES_MS - 1);
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    t.advance(2); // 15 minutes + 1 ms after the first failure
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: true });
    // The old count is gone and a fresh 15-minute window starts with the next failure.
    await t.fail(9, "user:alice");
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: true });
    await t.fail(1, "user:alice");
    expect(await t.limiter.check(t.entries("user:alice"))).toEqual({ allowed: false, retryAfterSeconds: 900 });
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
    await t.fail(10, "user:alice");
    await t.fail(10, "user:bob");
    await t.limiter.reset("user:alice");
    expect((await t.limiter.check(t.entries("user:alice"))).allowed).toBe(true);
    expect((await t.limiter.check(t.entries("user:bob"))).allowed).toBe(false);
    // Alice starts from zero: nine more failures are still allowed.
    await t.fail(9, "user:alice");
    expect((await t.limiter.check(t.entries("user:alice"))).allowed).toBe(true);
  });

  it("does not share counts between two memory stores", async () => {
    const a = setup();
    const b = setup();
    await a.fail(10, "user:alice");
    expect((await b.limiter.check(b.entries("user:alice"))).allowed).toBe(true);
  });
});

/** A throttle on the memory store with a clock the test moves. */
function throttle() {
  let now = new Date("2025-01-01T12:00:00.000Z");
  const instance = new SignInThrottle(createMemoryStore(), () => now);
  return {
    throttle: instance,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** `times` attempts that turn out wrong (consumed, never completed); returns each decision. */
    async failures(times: number, email: string, ip: string) {
      const decisions = [];
      for (let i = 0; i < times; i++) decisions.push(await instance.consume(email, ip));
      return decisions;
    },
  };
}

describe("sign-in back-off (SignInThrottle, fake clock)", () => {
  it("is 10 free failures, then 5, 10, 20, 40 and at most 60 minutes, forgotten after a day", () => {
    expect(SIGN_IN_BACKOFF).toEqual({ freeFailures: 10, firstDelayMs: 5 * MINUTE, maxDelayMs: 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE });
    expect(SIGN_IN_IP_RULE).toEqual({ limit: 50, windowMs: FIFTEEN_MINUTES_MS });
    expect([1, 9, 10, 11, 12, 13, 14, 15, 40].map(signInBackoffDelayMs)).toEqual([0, 0, 5, 10, 20, 40, 60, 60, 60].map((m) => m * MINUTE));
  });

  it("keys the account by normalised email and address (IPv6 by /64)", () => {
    expect(signInKeys(" Alice@Example.COM ", "1.2.3.4")).toEqual({
      failures: "signin:account-ip:alice@example.com|1.2.3.4",
      lock: "signin:account-ip:alice@example.com|1.2.3.4:lock",
      address: "signin:ip:1.2.3.4",
    });
    expect(signInKeys("alice@example.com", "2001:db8:1:2::9").failures).toBe("signin:account-ip:alice@example.com|2001:db8:1:2::/64");
  });

  it("lets the first 10 attempts through and locks the 11th for 5 minutes, counted from the 10th", async () => {
    const t = throttle();
    const decisions = await t.failures(10, "alice@example.com", "1.2.3.4");
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(await t.throttle.consume("alice@example.com", "1.2.3.4")).toEqual({ allowed: false, retryAfterSeconds: 300 });
    t.advance(4 * MINUTE);
    expect(await t.throttle.check("ALICE@example.com", "1.2.3.4")).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // Knocking on a locked door does not lengthen the lock.
    for (let i = 0; i < 5; i++) expect((await t.throttle.consume("alice@example.com", "1.2.3.4")).allowed).toBe(false);
    t.advance(MINUTE);
    expect(await t.throttle.check("alice@example.com", "1.2.3.4")).toEqual({ allowed: true });
  });

  it("doubles the delay with each further failure and stops at one hour", async () => {
    const t = throttle();
    await t.failures(10, "alice@example.com", "1.2.3.4");
    for (const minutes of [5, 10, 20, 40, 60, 60, 60]) {
      t.advance(minutes * MINUTE - 1);
      expect(await t.throttle.check("alice@example.com", "1.2.3.4"), `still locked before ${minutes} min`).toEqual({ allowed: false, retryAfterSeconds: 1 });
      t.advance(1);
      expect(await t.throttle.consume("alice@example.com", "1.2.3.4"), `free after ${minutes} min`).toEqual({ allowed: true });
    }
    expect(await t.throttle.check("alice@example.com", "1.2.3.4")).toEqual({ allowed: false, retryAfterSeconds: 3600 });
  });

  it("never locks out the account's owner from another address", async () => {
    const t = throttle();
    await t.failures(30, "victim@example.com", "203.0.113.66");
    expect((await t.throttle.check("victim@example.com", "203.0.113.66")).allowed).toBe(false);
    expect(await t.throttle.check("victim@example.com", "198.51.100.7")).toEqual({ allowed: true });
    expect(await t.throttle.consume("victim@example.com", "198.51.100.7")).toEqual({ allowed: true });
  });

  it("starts from zero after a complete sign-in, and does not count it against the address", async () => {
    const t = throttle();
    await t.failures(9, "alice@example.com", "1.2.3.4");
    expect((await t.throttle.consume("alice@example.com", "1.2.3.4")).allowed).toBe(true);
    await t.throttle.passwordAccepted("alice@example.com", "1.2.3.4");
    await t.throttle.signedIn("alice@example.com", "1.2.3.4");
    const again = await t.failures(10, "alice@example.com", "1.2.3.4");
    expect(again.every((d) => d.allowed)).toBe(true);
    expect((await t.throttle.consume("alice@example.com", "1.2.3.4")).allowed).toBe(false);
  });

  it("a right password leaves the address's count, but the account's back-off stays until the sign-in completes", async () => {
    const t = throttle();
    for (let i = 0; i < 60; i++) {
      expect((await t.throttle.consume(`user${i}@example.com`, "9.9.9.9")).allowed).toBe(true);
      await t.throttle.passwordAccepted(`user${i}@example.com`, "9.9.9.9");
    }
    expect(await t.throttle.check("fresh@example.com", "9.9.9.9")).toEqual({ allowed: true });
    // Knowing the password is not enough to guess second factors without end.
    for (let i = 0; i < 10; i++) {
      expect((await t.throttle.consume("mfa@example.com", "9.9.9.8")).allowed).toBe(true);
      await t.throttle.passwordAccepted("mfa@example.com", "9.9.9.8");
    }
    expect((await t.throttle.consume("mfa@example.com", "9.9.9.8")).allowed).toBe(false);
  });

  it("forgets old failures a day after the first one", async () => {
    const t = throttle();
    await t.failures(10, "alice@example.com", "1.2.3.4");
    t.advance(SIGN_IN_BACKOFF.forgetAfterMs);
    const decisions = await t.failures(10, "alice@example.com", "1.2.3.4");
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(await t.throttle.consume("alice@example.com", "1.2.3.4")).toEqual({ allowed: false, retryAfterSeconds: 300 });
  });

  it("lets exactly 10 of 20 concurrent attempts through", async () => {
    const t = throttle();
    const decisions = await Promise.all(Array.from({ length: 20 }, () => t.throttle.consume("alice@example.com", "1.2.3.4")));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect((await t.throttle.consume("alice@example.com", "1.2.3.4")).allowed).toBe(false);
  });

  it("caps an address at 50 failures across accounts, without touching other addresses", async () => {
    const t = throttle();
    for (let i = 0; i < 50; i++) expect((await t.throttle.consume(`user${i}@example.com`, "9.9.9.9")).allowed).toBe(true);
    expect(await t.throttle.check("fresh@example.com", "9.9.9.9")).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect((await t.throttle.consume("fresh@example.com", "9.9.9.9")).allowed).toBe(false);
    expect(await t.throttle.check("fresh@example.com", "8.8.8.8")).toEqual({ allowed: true });
    // An IPv6 host rotating inside its /64 stays one address.
    for (let host = 0; host < 50; host++) await t.throttle.consume(`v6user${host}@example.com`, `2001:db8:1:2::${host.toString(16)}`);
    expect((await t.throttle.check("fresh@example.com", "2001:db8:1:2:ffff::1")).allowed).toBe(false);
    expect((await t.throttle.check("fresh@example.com", "2001:db8:1:3::1")).allowed).toBe(true);
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

describe("signInKeys hardening", () => {
  it("drops NUL characters from the email (PostgreSQL text cannot hold them)", () => {
    const { failures } = signInKeys("ali\u0000ce@Example.com\u0000", "1.2.3.4");
    expect(failures).toBe("signin:account-ip:alice@example.com|1.2.3.4");
    // NUL around spaces: removed first, so the trim still applies.
    expect(signInKeys("\u0000 bob@example.com \u0000", "1.2.3.4").failures).toBe("signin:account-ip:bob@example.com|1.2.3.4");
  });

  it("caps the email part of the key", () => {
    const { failures } = signInKeys(`${"a".repeat(1000)}@example.com`, "1.2.3.4");
    expect(failures).toBe(`signin:account-ip:${"a".repeat(320)}|1.2.3.4`);
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
