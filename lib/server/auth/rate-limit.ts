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
  /** Takes one back (an attempt that turned out fine); never below zero. */
  decrement(key: string): Promise<void>;
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
    async decrement(key) {
      const current = buckets.get(key);
      if (current) buckets.set(key, { ...current, count: Math.max(0, current.count - 1) });
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

const PURGE_EVERY_MS = 10 * 60 * 1000;

export function createPostgresStore(): RateLimitStore {
  let lastPurge = 0;
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
      // Expired windows are dead rows; sweep them now and then so the table stays small.
      if (now.getTime() - lastPurge > PURGE_EVERY_MS) {
        lastPurge = now.getTime();
        await db.rateLimitBucket.deleteMany({ where: { resetAt: { lt: now } } });
      }
      return { count: Number(row.count), resetAt: new Date(row.resetAt) };
    },
    async decrement(key) {
      await db.$executeRaw`UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key}`;
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
    async decrement(key) {
      // Only while the window exists: DECR on a missing key would create one without expiry.
      await redis.eval("if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then return redis.call('DECR', KEYS[1]) end return 0", 1, prefix + key);
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

  /**
   * Counts this attempt before the caller does the work it guards, and refuses it when it goes
   * past any limit. Counting first means a burst of parallel requests cannot all slip through
   * a check made before the first of them finished.
   */
  async consume(entries: { key: string; rule: LimitRule }[]): Promise<LimitDecision> {
    const now = this.now();
    const states = await Promise.all(entries.map(({ key, rule }) => this.store.increment(key, rule.windowMs, now)));
    let retryAfterMs = 0;
    states.forEach((state, index) => {
      if (state.count > entries[index]!.rule.limit) retryAfterMs = Math.max(retryAfterMs, state.resetAt.getTime() - now.getTime());
    });
    return retryAfterMs > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : { allowed: true };
  }

  /** Gives back attempts counted by `consume` that turned out to be legitimate. */
  async refund(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.store.decrement(key)));
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

/** Failed sign-ins from one address (offices share one), across all accounts: 50 in 15 minutes. */
export const SIGN_IN_IP_RULE: LimitRule = { limit: 50, windowMs: FIFTEEN_MINUTES };

/**
 * Progressive back-off per account *and* address (ASVS 6.3.1). The first 10 failures cost
 * nothing; from the 10th on, each one locks that account at that address for twice as long as
 * the one before: 5, 10, 20, 40 minutes, then 60 at most. It is keyed by address as well, so
 * someone guessing at a victim's account from elsewhere never locks the victim out, and the
 * lock is capped, so nobody is locked out for good. A day after its first failure the count
 * starts again.
 */
export const SIGN_IN_BACKOFF = {
  freeFailures: 10,
  firstDelayMs: 5 * 60 * 1000,
  maxDelayMs: 60 * 60 * 1000,
  forgetAfterMs: 24 * 60 * 60 * 1000,
} as const;

/** How long the `failures`-th failure (counting this one) locks the account at that address. */
export function signInBackoffDelayMs(failures: number): number {
  if (failures < SIGN_IN_BACKOFF.freeFailures) return 0;
  return Math.min(SIGN_IN_BACKOFF.maxDelayMs, SIGN_IN_BACKOFF.firstDelayMs * 2 ** (failures - SIGN_IN_BACKOFF.freeFailures));
}

/**
 * The bucket an address counts in. IPv6 hosts usually control a whole /64, so the /64 is one
 * bucket; otherwise one machine could rotate through 2^64 fresh counters.
 */
export function ipBucket(ip: string): string {
  // IPv4 clients seen through an IPv6 socket ("::ffff:1.2.3.4") count as themselves.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const missing = ip.includes("::") ? 8 - headParts.length - tailParts.length : 0;
  const groups = [...headParts, ...Array<string>(Math.max(0, missing)).fill("0"), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((group) => (parseInt(group || "0", 16) || 0).toString(16))
    .join(":")}::/64`;
}

// NUL cannot be stored in PostgreSQL text; it has no place in a key anyway.
const keyPart = (value: string) => value.replaceAll("\u0000", "").trim().toLowerCase().slice(0, 320);

export function signInKeys(email: string, ip: string) {
  const accountAtAddress = `signin:account-ip:${keyPart(email)}|${ipBucket(ip)}`;
  return { failures: accountAtAddress, lock: `${accountAtAddress}:lock`, address: `signin:ip:${ipBucket(ip)}` };
}

function refused(retryAfterMs: number): LimitDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

/**
 * The sign-in limits: back-off per account and address plus a cap per address. Built on the
 * same counters as FailureLimiter, so it works on every store: the back-off's lock is a counter
 * whose window is the delay, and only the attempt that opened the window may go ahead.
 */
export class SignInThrottle {
  constructor(
    private readonly store: RateLimitStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether an attempt would be refused now; counts nothing. */
  async check(email: string, ip: string): Promise<LimitDecision> {
    const keys = signInKeys(email, ip);
    const now = this.now();
    const [lock, address] = await Promise.all([this.store.get(keys.lock, now), this.store.get(keys.address, now)]);
    const waits = [lock ? lock.resetAt.getTime() - now.getTime() : 0, address && address.count >= SIGN_IN_IP_RULE.limit ? address.resetAt.getTime() - now.getTime() : 0];
    const wait = Math.max(...waits);
    return wait > 0 ? refused(wait) : { allowed: true };
  }

  /**
   * Counts this attempt before the password is checked (so a parallel burst cannot slip past a
   * check that ran before the first of them finished) and says whether it may go ahead.
   * A refused attempt adds nothing to the back-off: hammering a lock does not lengthen it.
   */
  async consume(email: string, ip: string): Promise<LimitDecision> {
    const keys = signInKeys(email, ip);
    const now = this.now();
    const lock = await this.store.get(keys.lock, now);
    if (lock) return refused(lock.resetAt.getTime() - now.getTime());
    const address = await this.store.increment(keys.address, SIGN_IN_IP_RULE.windowMs, now);
    if (address.count > SIGN_IN_IP_RULE.limit) return refused(address.resetAt.getTime() - now.getTime());
    const { count: failures } = await this.store.increment(keys.failures, SIGN_IN_BACKOFF.forgetAfterMs, now);
    const delay = signInBackoffDelayMs(failures);
    if (delay === 0) return { allowed: true };
    const opened = await this.store.increment(keys.lock, delay, now);
    if (opened.count === 1) return { allowed: true };
    // Another attempt of the same burst took the last free try first.
    await this.store.decrement(keys.failures);
    return refused(opened.resetAt.getTime() - now.getTime());
  }

  /**
   * The password was right: the attempt was no guess from this address, so it leaves the
   * address's count. The back-off of the account stays until the sign-in completes (a second
   * factor may still be missing).
   */
  async passwordAccepted(email: string, ip: string): Promise<void> {
    await this.store.decrement(signInKeys(email, ip).address);
  }

  /** A complete sign-in: the account starts again from zero at this address. */
  async signedIn(email: string, ip: string): Promise<void> {
    await this.forgetBackOff(email, ip);
  }

  /** Forgets the account's back-off everywhere it is known to this caller (after a password reset). */
  async clearAccountAt(email: string, ip: string): Promise<void> {
    await this.forgetBackOff(email, ip);
  }

  private async forgetBackOff(email: string, ip: string): Promise<void> {
    const keys = signInKeys(email, ip);
    await Promise.all([this.store.reset(keys.failures), this.store.reset(keys.lock)]);
  }
}

export const OTHER_RULES = {
  signUpPerIp: { limit: 10, windowMs: 60 * 60 * 1000 },
  invitationAcceptPerIp: { limit: 20, windowMs: FIFTEEN_MINUTES },
  // Guesses at the current password by someone holding a session (password change, turning
  // MFA off, new recovery codes): one budget per user.
  passwordChangePerUser: { limit: 5, windowMs: FIFTEEN_MINUTES },
  // Wrong TOTP or recovery codes after a correct password, from any address: only someone who
  // knows the password can spend this budget.
  mfaCodePerUser: { limit: 10, windowMs: FIFTEEN_MINUTES },
  passwordResetRequestPerIp: { limit: 20, windowMs: 60 * 60 * 1000 },
  // Per account: a mailbox is not flooded with reset links, whoever asks.
  passwordResetRequestPerAccount: { limit: 3, windowMs: 60 * 60 * 1000 },
  passwordResetConfirmPerIp: { limit: 20, windowMs: FIFTEEN_MINUTES },
} satisfies Record<string, LimitRule>;

const globalForLimiter = globalThis as unknown as { bulwarkLimitStore?: RateLimitStore; bulwarkLimiter?: FailureLimiter; bulwarkSignInThrottle?: SignInThrottle };

function getRateLimitStore(): RateLimitStore {
  if (!globalForLimiter.bulwarkLimitStore) {
    const kind = rateLimitStore();
    globalForLimiter.bulwarkLimitStore =
      kind === "memory"
        ? createMemoryStore()
        : kind === "redis"
          ? createRedisStore(new Redis(env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 2, connectTimeout: 2_000 }))
          : createPostgresStore();
  }
  return globalForLimiter.bulwarkLimitStore;
}

export function getFailureLimiter(): FailureLimiter {
  globalForLimiter.bulwarkLimiter ??= new FailureLimiter(getRateLimitStore());
  return globalForLimiter.bulwarkLimiter;
}

export function getSignInThrottle(): SignInThrottle {
  globalForLimiter.bulwarkSignInThrottle ??= new SignInThrottle(getRateLimitStore());
  return globalForLimiter.bulwarkSignInThrottle;
}
