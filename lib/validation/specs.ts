import { z } from "zod";
import { OPERATION_FLAGS } from "@/lib/core/specs/extract-operations";
import { zQueryInt } from "./int";

const booleanParam = z.enum(["true", "false"]).transform((value) => value === "true");

export const ZSpecImportQuery = z.object({
  dryRun: booleanParam.default(false),
  source: z.enum(["upload", "paste", "api"]).default("api"),
  fileName: z.string().trim().max(255).optional(),
});

export const ZSpecUrlBody = z.strictObject({
  url: z.string().trim().min(1, "Enter the URL of the spec.").max(2048, "URLs are at most 2048 characters."),
});

export const ZSpecUrlQuery = z.object({ dryRun: booleanParam.default(false) });

export const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

export const ZListOperationsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  method: z.enum(HTTP_METHODS, { error: `method is one of ${HTTP_METHODS.join(", ")}.` }).optional(),
  flag: z.enum(OPERATION_FLAGS, { error: `flag is one of ${OPERATION_FLAGS.join(", ")}.` }).optional(),
  auth: z.enum(["required", "none"], { error: "auth is required or none." }).optional(),
  deprecated: booleanParam.optional(),
  notModelled: booleanParam.optional(),
  includeRemoved: booleanParam.default(false),
  limit: zQueryInt({ min: 1, max: 500 }).default(100),
  cursor: z.string().max(64).optional(),
});
export type TListOperationsQuery = z.infer<typeof ZListOperationsQuery>;

export const ZListFindingsQuery = z.object({
  severity: z.enum(["ERROR", "WARN", "INFO", "HINT"]).optional(),
  rule: z.string().trim().max(200).optional(),
  operationId: z.string().max(64).optional(),
  limit: zQueryInt({ min: 1, max: 500 }).default(100),
  cursor: z.string().max(64).optional(),
});
export type TListFindingsQuery = z.infer<typeof ZListFindingsQuery>;
