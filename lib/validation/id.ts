import { z } from "zod";

// Record ids are cuids: lower-case letters and digits. Checking the shape first turns a mangled
// link into a plain 404/422 before any query runs.
export const ID_PATTERN = /^[a-z0-9]{8,40}$/;

export const ZId = z.string().regex(ID_PATTERN, "Not a valid id.");

export const isId = (value: string): boolean => ID_PATTERN.test(value);
