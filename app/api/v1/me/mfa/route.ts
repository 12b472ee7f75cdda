import { json, withUser } from "@/lib/api/guard";
import { getMfaStatus } from "@/lib/server/auth/get-mfa-status";

export const GET = withUser({}, async ({ user }) => json(await getMfaStatus(user.userId)));
