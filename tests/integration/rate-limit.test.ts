import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresStore, createRedisStore, FailureLimiter, signInKeys, SignInThrottle, type LimitRule, type RateLimitStore } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/db";

// The shared stores, against real PostgreSQL and Redis. Every key of this run starts with `run`,
// so parallel runs (and the app, on the same Redis) never see each other's counters.
const run = `test:${randomUUID()}:`;
let keyCounter = 0;
const freshKey = (label: string) => `${run}${label}:${++keyCounter}`;
// Keys that cannot carry the prefix (signInKeys builds them from the email), removed at the end.
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

const ACCOUNT: LimitRule = { limit: 10, windowMs: 15 * 60 * 1000 };
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

  it("backs off sign-ins per account and address (any spelling of the email), across processes, never for the owner elsewhere", async () => {
    const processA = new SignInThrottle(makeStore());
    const processB = new SignInThrottle(makeStore());
    const ip = `${run}203.0.113.9`;
    const email = `${randomUUID()}@example.test`;
    const track = (address: string, from = ip) => {
      for (const key of Object.values(signInKeys(address, from))) unprefixedKeys.add(key);
      return address;
    };
    for (let i = 0; i < 5; i++) expect((await processA.consume(track(email), ip)).allowed).toBe(true);
    for (let i = 0; i < 5; i++) expect((await processB.consume(track(email), ip)).allowed).toBe(true);
    const locked = await processA.consume(track(`  ${email.toUpperCase()} `), ip);
    expect(locked.allowed).toBe(false);
    expect(locked.allowed ? 0 : locked.retryAfterSeconds).toBeGreaterThan(290);
    expect(locked.allowed ? 0 : locked.retryAfterSeconds).toBeLessThanOrEqual(300);
    expect((await processB.check(email, ip)).allowed).toBe(false);
    // Another account at the same address, and the same account from another address, go on.
    expect(await processB.check(track(`other-${email}`), ip)).toEqual({ allowed: true });
    expect(await processB.check(track(email, `${run}198.51.100.1`), `${run}198.51.100.1`)).toEqual({ allowed: true });
  });

  it("lets exactly 10 of 15 parallel attempts from two processes through", async () => {
    const throttles = [new SignInThrottle(makeStore()), new SignInThrottle(makeStore())];
    const ip = `${run}203.0.113.10`;
    const email = `${randomUUID()}@example.test`;
    for (const key of Object.values(signInKeys(email, ip))) unprefixedKeys.add(key);
    const decisions = await Promise.all(Array.from({ length: 15 }, (_, i) => throttles[i % 2]!.consume(email, ip)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect((await throttles[0]!.check(email, ip)).allowed).toBe(false);
  });
});

describe("postgres store back-off", () => {
  it("locks for 5 minutes after the 10th failure, 10 after the 11th, by the throttle's clock", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const throttle = new SignInThrottle(createPostgresStore(), () => now);
    const ip = `${run}192.0.2.50`;
    const email = `${randomUUID()}@example.test`;
    for (const key of Object.values(signInKeys(email, ip))) unprefixedKeys.add(key);
    const minutes = (n: number) => new Date(Date.UTC(2030, 0, 1, 0, n));
    for (let i = 0; i < 10; i++) expect((await throttle.consume(email, ip)).allowed).toBe(true);
    expect(await throttle.consume(email, ip)).toEqual({ allowed: false, retryAfterSeconds: 300 });
    now = minutes(5);
    expect(await throttle.consume(email, ip)).toEqual({ allowed: true });
    now = minutes(6);
    expect(await throttle.check(email, ip)).toEqual({ allowed: false, retryAfterSeconds: 540 });
    now = minutes(15);
    await throttle.passwordAccepted(email, ip);
    await throttle.signedIn(email, ip);
    expect(await throttle.check(email, ip)).toEqual({ allowed: true });
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
