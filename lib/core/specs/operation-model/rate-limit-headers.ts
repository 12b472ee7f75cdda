// The headers servers use to announce throttling: the de facto X-RateLimit-* family, the IETF
// RateLimit-* draft fields (RateLimit, RateLimit-Policy, RateLimit-Limit…) and Retry-After.
const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-.+)?$|^retry-after$/i;

export const isRateLimitHeader = (name: string): boolean => RATE_LIMIT_HEADER.test(name.trim());
