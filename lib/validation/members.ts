import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";

export const ZRole = z.enum(Role, { error: "Choose a role: owner, admin, editor or viewer." });

export const ZUpdateMember = z.strictObject({ role: ZRole });
export type TUpdateMember = z.infer<typeof ZUpdateMember>;
