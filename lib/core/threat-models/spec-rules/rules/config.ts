import type { TSpecRule } from "../types";

// Stub until part B's configuration and inventory rules are merged; the merged file replaces this one.
export const CONFIG_RULES: TSpecRule[] = [];
