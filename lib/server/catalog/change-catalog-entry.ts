import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { TCaller } from "@/lib/server/scope";
import type { TCatalogEntryInput } from "@/lib/validation/catalog";
import { setBuiltinEntryDisabled } from "./set-builtin-entry-disabled";
import { updateOrgEntry } from "./update-org-entry";

/** Built-in entries can be switched on or off; the organisation's own can also be edited. */
export async function changeCatalogEntry(caller: TCaller, key: string, change: { entry?: TCatalogEntryInput; disabled?: boolean; version?: number }) {
  const builtIn = await db.catalogEntry.findUnique({ where: { key }, select: { key: true } });
  if (!builtIn) return updateOrgEntry(caller, key, change);
  if (change.entry) throw new AppError("FORBIDDEN", "Built-in entries cannot be edited; switch this one off and add your own version.");
  if (change.disabled !== undefined) await setBuiltinEntryDisabled(caller, key, change.disabled);
}
