import { json, withUser } from "@/lib/api/guard";
import { getProfile } from "@/lib/server/account/get-profile";

export const GET = withUser({}, async ({ user }) => json(await getProfile(user)));
