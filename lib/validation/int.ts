import { z } from "zod";

// Every integer a client sends ends up in a PostgreSQL `integer` (int4) column or in a query
// against one; a value outside int4 got past zod and failed in the database as a 500. All
// integer fields go through these two helpers, so each has an upper bound no larger than int4's.

export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

type TIntOptions = {
  min?: number;
  max?: number;
  /** When the value is missing or not a number. */
  error?: string;
  /** When the value is below `min`, not whole, or above `max`; default: `error`, else the range. */
  tooSmall?: string;
  tooBig?: string;
  notWhole?: string;
};

function bounds({ min = INT4_MIN, max = INT4_MAX }: TIntOptions) {
  // A programming error, not bad input: a bound outside int4 would let the 500 back in.
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < INT4_MIN || max > INT4_MAX || min > max) {
    throw new Error(`integer bounds ${min}..${max} must lie within int4 (${INT4_MIN}..${INT4_MAX})`);
  }
  return { min, max };
}

const atLeast = (min: number) => `Must be at least ${min.toLocaleString("en")}.`;
const atMost = (max: number) => `Must be at most ${max.toLocaleString("en")}.`;

function withIntRules(number: z.ZodNumber, options: TIntOptions) {
  const { min, max } = bounds(options);
  return number
    .int(options.notWhole ?? options.error ?? "Must be a whole number.")
    .min(min, options.tooSmall ?? options.error ?? atLeast(min))
    .max(max, options.tooBig ?? options.error ?? atMost(max));
}

const typeError = (options: TIntOptions) => (options.error ? { error: options.error } : undefined);

/** A whole number in a JSON body, within `min`..`max` (both inside int4). */
export function zInt(options: TIntOptions = {}) {
  return withIntRules(z.number(typeError(options)), options);
}

/** The same from a query string or the environment, where every value arrives as text. */
export function zQueryInt(options: TIntOptions = {}) {
  return withIntRules(z.coerce.number(typeError(options)), options);
}

/**
 * The optimistic-concurrency `version` a client sends back: the one it last read. A number no
 * row can hold cannot be that, so it gets the same message as a missing one.
 */
export function zVersion(options: { min?: 0 | 1 } = {}) {
  return zInt({ min: options.min ?? 1, error: "Send the version you last read." });
}
