import { AUTH_RULES } from "./rules/auth";
import { CONFIG_RULES } from "./rules/config";
import { DEVICE_RULES } from "./rules/devices";
import { INPUT_RULES } from "./rules/inputs";
import { OBJECT_RULES } from "./rules/objects";
import { PROPERTY_RULES } from "./rules/properties";
import { RESOURCE_RULES } from "./rules/resources";
import type { TSpecRule } from "./types";

// Every spec rule, in the order their answers are listed. Rule ids are unique (the engine's test
// checks it): organisations switch rules off by id.
export const SPEC_RULES: TSpecRule[] = [...OBJECT_RULES, ...AUTH_RULES, ...PROPERTY_RULES, ...RESOURCE_RULES, ...CONFIG_RULES, ...DEVICE_RULES, ...INPUT_RULES];
