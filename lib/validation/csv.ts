import { z } from "zod";

/** A comma-separated query parameter ("HIGH,CRITICAL") as a list of at most ten valid items. */
export const csvOf = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").filter(Boolean) : []))
    .pipe(z.array(item).max(10));
