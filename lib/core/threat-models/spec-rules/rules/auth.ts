import type { TSpecRule } from "../types";

// Stub until part B's authentication rules are merged; the merged file replaces this one.
export const AUTH_RULES: TSpecRule[] = [];
