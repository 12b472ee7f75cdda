// Prisma turns `contains` and `startsWith` into LIKE/ILIKE without escaping the pattern, so a
// search for "%" matched every row and "_" any character (security assessment, finding 7).
// Every text search goes through these helpers, which make the caller's text match itself.
// PostgreSQL's default LIKE escape character is the backslash.

/** `text` with LIKE's wildcards (% and _) and its escape character (\) escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** Case-insensitive "contains this text", literally. */
export function containsText(text: string) {
  return { contains: escapeLike(text), mode: "insensitive" as const };
}

/** Case-sensitive "starts with this text", literally. */
export function startsWithText(text: string) {
  return { startsWith: escapeLike(text) };
}
