// Server-side sessions. Rows are per user, not per organisation, so the session functions take
// a user id rather than an org scope.

/** A session nobody used for this long is over, whatever its absolute expiry (ASVS 7.3.1). */
export const SESSION_IDLE_TIMEOUT_MS = 60 * 60 * 1000;
