import "server-only";
import { Redis } from "ioredis";
import { db } from "@/lib/db";
import { env, rateLimitStore } from "@/lib/env";

// Fixed-window counters of failed attempts. The memory store serves one process; the Postgres
// and Redis stores are shared by every app process, so scaling out does not multiply the limit.

export type LimitState = { count: number; resetAt: Date };

export type RateLimitStore = {
  /** Adds one failure to `key` and returns the window's state after it. */
  increment(key: string, windowMs: number, now: Date): Promise<LimitState>;
  get(key: string, now: Date): Promise<LimitState | null>;
  reset(key: string): Promise<void>;
};

export function createMemoryStore(): RateLimitStore {
  const buckets = new Map<string, LimitState>();
  return {
    async increment(key, windowMs, now) {
      const current = buckets.get(key);
      const next =
        current && current.resetAt > now
          ? { count: current.count + 1, resetAt: current.resetAt }
          : { count: 1, resetAt: new Date(now.getTime() + windowMs) };
      buckets.set(key, next);
      if (buckets.size > 50_000) {
        for (const [k, v] of buckets) if (v.resetAt <= now) buckets.delete(k);
      }
      return next;
    },
    async get(key, now) {
      const current = buckets.get(key);
      return current && current.resetAt > now ? current : null;
    },
    async reset(key) {
      buckets.delete(key);
    },
  };
}

export function createPostgresStore(): RateLimitStore {
  return {
    async increment(key, windowMs, now) {
      const resetAt = new Date(now.getTime() + windowMs);
      // One statement, so concurrent failures from several processes all count.
      const rows = await db.$queryRaw<{ count: number; resetAt: Date }[]>`
        INSERT INTO "RateLimitBucket" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
          "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimitBucket"."resetAt" END
        RETURNING "count", "resetAt"`;
      const row = rows[0]!;
      return { count: Number(row.count), resetAt: new Date(row.resetAt) };
    },
    async get(key, now) {
      const row = await db.rateLimitBucket.findUnique({ where: { key } });
      return row && row.resetAt > now ? { count: row.count, resetAt: row.resetAt } : null;
    },
    async reset(key) {
      await db.rateLimitBucket.deleteMany({ where: { key } });
    },
  };
}

export function createRedisStore(redis: Redis): RateLimitStore {
  const prefix = "bulwark:rl:";
  return {
    async increment(key, windowMs, now) {
      // INCR and PEXPIRE NX in one MULTI: the first failure opens the window, later ones count in it.
      const result = await redis.multi().incr(prefix + key).pexpire(prefix + key, windowMs, "NX").pttl(prefix + key).exec();
      const count = Number(result?.[0]?.[1] ?? 1);
      const ttl = Number(result?.[2]?.[1] ?? windowMs);
      return { count, resetAt: new Date(now.getTime() + (ttl > 0 ? ttl : windowMs)) };
    },
    async get(key, now) {
      const [count, ttl] = await Promise.all([redis.get(prefix + key), redis.pttl(prefix + key)]);
      if (count === null || ttl <= 0) return null;
      return { count: Number(count), resetAt: new Date(now.getTime() + ttl) };
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
  };
}

export type LimitRule = { limit: number; windowMs: number };

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class FailureLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Refuses when any key already has `limit` failures in its window. */
  async check(entries: { key: string; rule: LimitRule }[]): Promise<LimitDecision> {
    const now = this.now();
    let retryAfterMs = 0;
    for (const { key, rule } of entries) {
      const state = await this.store.get(key, now);
      if (state && state.count >= rule.limit) retryAfterMs = Math.max(retryAfterMs, state.resetAt.getTime() - now.getTime());
    }
    return retryAfterMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : { allowed: true };
  }

  async recordFailure(entries: { key: string; rule: LimitRule }[]): Promise<void> {
    const now = this.now();
    await Promise.all(entries.map(({ key, rule }) => this.store.increment(key, rule.windowMs, now)));
  }

  async reset(key: string): Promise<void> {
    await this.store.reset(key);
  }
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** Failed sign-ins: 10 per account and 50 per address (offices share one) in 15 minutes. */
export const SIGN_IN_RULES = {
  account: { limit: 10, windowMs: FIFTEEN_MINUTES },
  ip: { limit: 50, windowMs: FIFTEEN_MINUTES },
} satisfies Record<string, LimitRule>;

export function signInLimitKeys(email: string, ip: string) {
  return [
    { key: `signin:account:${email.trim().toLowerCase()}`, rule: SIGN_IN_RULES.account },
    { key: `signin:ip:${ip}`, rule: SIGN_IN_RULES.ip },
  ];
}

const globalForLimiter = globalThis as unknown as { bulwarkLimiter?: FailureLimiter };

export function getFailureLimiter(): FailureLimiter {
  if (!globalForLimiter.bulwarkLimiter) {
    const kind = rateLimitStore();
    const store =
      kind === "memory"
        ? createMemoryStore()
        : kind === "redis"
          ? createRedisStore(new Redis(env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 2, connectTimeout: 2_000 }))
          : createPostgresStore();
    globalForLimiter.bulwarkLimiter = new FailureLimiter(store);
  }
  return globalForLimiter.bulwarkLimiter;
}
