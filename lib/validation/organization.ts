import { z } from "zod";
import { ZOrgName } from "@/lib/validation/auth";

export const ZCreateOrganization = z.strictObject({ name: ZOrgName });
export type TCreateOrganization = z.infer<typeof ZCreateOrganization>;

export const ZSetActiveOrganization = z.strictObject({ slug: z.string().min(1).max(80) });
