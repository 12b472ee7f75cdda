import { isId } from "@/lib/validation/id";
import "server-only";
import { cache } from "react";
import { AppError } from "@/lib/core/app-error";
import type { Jsonify } from "@/lib/core/jsonify";
import type { TOrgScope } from "@/lib/server/scope";
import type { TApiDto } from "./api-dto";
import { getApi } from "./get-api";

/**
 * The API as the client components receive it over JSON (dates as strings), or null when it is
 * not in the caller's organisation, so the page answers 404 exactly as for a missing id.
 */
export const loadApiForPage = cache(async (caller: TOrgScope, id: string): Promise<Jsonify<TApiDto> | null> => {
  if (!isId(id)) return null;
  try {
    return JSON.parse(JSON.stringify(await getApi(caller, id))) as Jsonify<TApiDto>;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
});
