import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresStore, createRedisStore, FailureLimiter, signInLimitKeys, SIGN_IN_RULES, type LimitRule, type RateLimitStore } from "@/lib/auth/rate-limit";
import { db } from "@/lib/db";

// The shared stores, against real PostgreSQL and Redis. Every key of this run starts with `run`,
// so parallel runs (and the app, on the same Redis) never see each other's counters.
const run = `test:${randomUUID()}:`;
let keyCounter = 0;
const freshKey = (label: string) => `${run}${label}:${++keyCounter}`;
// Keys that cannot carry the prefix (signInLimitKeys builds them from the email), removed at the end.
const unprefixedKeys = new Set<string>();

const redisClients: Redis[] = [];
function redisStore(): RateLimitStore {
  const client = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2, connectTimeout: 2_000 });
  redisClients.push(client);
  return createRedisStore(client);
}

afterAll(async () => {
  await db.rateLimitBucket.deleteMany({ where: { OR: [{ key: { startsWith: run } }, { key: { in: [...unprefixedKeys] } }] } });
  const [first] = redisClients;
  if (first) {
    const leftovers = [...(await first.keys(`bulwark:rl:${run}*`)), ...[...unprefixedKeys].map((key) => `bulwark:rl:${key}`)];
    if (leftovers.length) await first.del(...leftovers);
  }
  await Promise.all(redisClients.map((client) => client.quit()));
});

const ACCOUNT: LimitRule = SIGN_IN_RULES.account; // 10 in 15 minutes
const entry = (key: string, rule: LimitRule = ACCOUNT) => [{ key, rule }];

const backends = [
  { name: "postgres", makeStore: createPostgresStore },
  { name: "redis", makeStore: redisStore },
] as const;

describe.each(backends)("$name store", ({ makeStore }) => {
  it("allows 9 failures and refuses after the 10th, with a retry time within the window", async () => {
    const limiter = new FailureLimiter(makeStore());
    const key = freshKey("ten");
    for (let i = 0; i < 9; i++) await limiter.recordFailure(entry(key));
    expect(await limiter.check(entry(key))).toEqual({ allowed: true });

    await limiter.recordFailure(entry(key));
    const decision = await limiter.check(entry(key));
    expect(decision.allowed).toBe(false);
    const retryAfter = decision.allowed ? 0 : decision.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another key is unaffected.
    expect(await limiter.check(entry(freshKey("other")))).toEqual({ allowed: true });
  });

  it("shares the count between two app processes (two store instances): 5 + 5 blocks both", async () => {
    const processA = new FailureLimiter(makeStore());
    const processB = new FailureLimiter(makeStore());
    const key = freshKey("shared");
    for (let i = 0; i < 5; i++) await processA.recordFailure(entry(key));
    for (let i = 0; i < 4; i++) await processB.recordFailure(entry(key));
    expect(await processA.check(entry(key))).toEqual({ allowed: true });
    expect(await processB.check(entry(key))).toEqual({ allowed: true });

    await processB.recordFailure(entry(key));
    expect(await processA.check(entry(key))).toMatchObject({ allowed: false });
    expect(await processB.check(entry(key))).toMatchObject({ allowed: false });
  });

  it("counts 50 concurrent failures exactly", async () => {
    const store = makeStore();
    const limiters = [new FailureLimiter(store), new FailureLimiter(makeStore())];
    const key = freshKey("concurrent");
    await Promise.all(Array.from({ length: 50 }, (_, i) => limiters[i % 2]!.recordFailure(entry(key))));
    expect((await store.get(key, new Date()))?.count).toBe(50);
    expect(await limiters[0]!.check([{ key, rule: { limit: 50, windowMs: ACCOUNT.windowMs } }])).toMatchObject({ allowed: false });
    expect(await limiters[0]!.check([{ key, rule: { limit: 51, windowMs: ACCOUNT.windowMs } }])).toEqual({ allowed: true });
  });

  it("reset clears the count, also for the other process", async () => {
    const processA = new FailureLimiter(makeStore());
    const processB = new FailureLimiter(makeStore());
    const key = freshKey("reset");
    for (let i = 0; i < 10; i++) await processA.recordFailure(entry(key));
    expect(await processB.check(entry(key))).toMatchObject({ allowed: false });

    await processB.reset(key);
    expect(await processA.check(entry(key))).toEqual({ allowed: true });
    const store = makeStore();
    expect(await store.get(key, new Date())).toBeNull();
    // Counting starts again from one.
    await processA.recordFailure(entry(key));
    expect((await store.get(key, new Date()))?.count).toBe(1);
  });

  it("limits sign-ins per account (any spelling of the email) without blocking others on the same address", async () => {
    const limiter = new FailureLimiter(makeStore());
    const ip = `${run}203.0.113.9`;
    const email = `${randomUUID()}@example.test`;
    const keys = (address: string) => {
      const entries = signInLimitKeys(address, ip);
      for (const { key } of entries) unprefixedKeys.add(key);
      return entries;
    };
    for (let i = 0; i < 10; i++) await limiter.recordFailure(keys(email));

    expect(await limiter.check(keys(`  ${email.toUpperCase()} `))).toMatchObject({ allowed: false });
    expect(await limiter.check(keys(`other-${email}`))).toEqual({ allowed: true });

    // …until the address reaches its own limit of 50.
    for (let i = 0; i < 40; i++) await limiter.recordFailure(keys(`spray-${i}-${email}`));
    expect(await limiter.check(keys(`other-${email}`))).toMatchObject({ allowed: false });
  });
});

describe("postgres store window", () => {
  it("expires after the window, by the limiter's clock, and then counts from one", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const store = createPostgresStore();
    const limiter = new FailureLimiter(store, () => now);
    const key = freshKey("window");
    const minutes = (n: number) => new Date(Date.UTC(2030, 0, 1, 0, n));

    for (let i = 0; i < 10; i++) await limiter.recordFailure(entry(key));
    expect(await limiter.check(entry(key))).toEqual({ allowed: false, retryAfterSeconds: 900 });

    now = minutes(14);
    expect(await limiter.check(entry(key))).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // A failure inside the window does not extend it.
    await limiter.recordFailure(entry(key));
    expect(await store.get(key, now)).toEqual({ count: 11, resetAt: minutes(15) });

    now = minutes(15);
    expect(await limiter.check(entry(key))).toEqual({ allowed: true });
    expect(await store.get(key, now)).toBeNull();

    now = minutes(16);
    await limiter.recordFailure(entry(key));
    expect(await store.get(key, now)).toEqual({ count: 1, resetAt: minutes(31) });
    expect(await limiter.check(entry(key))).toEqual({ allowed: true });
  });
});

describe("redis store window", () => {
  it("expires after the window (real time: Redis keeps the clock)", async () => {
    const store = redisStore();
    const limiter = new FailureLimiter(store);
    const key = freshKey("redis-window");
    const rule = { limit: 3, windowMs: 400 };
    for (let i = 0; i < 3; i++) await limiter.recordFailure(entry(key, rule));
    expect(await limiter.check(entry(key, rule))).toEqual({ allowed: false, retryAfterSeconds: 1 });

    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await limiter.check(entry(key, rule))).toEqual({ allowed: true });
    await limiter.recordFailure(entry(key, rule));
    expect((await store.get(key, new Date()))?.count).toBe(1);
  });
});
