import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";

// Every data function takes the caller and builds its `where` from these helpers, so no query
// can forget the organisation. Anything that deliberately crosses organisations is named unsafe*.

export type TCaller = {
  orgId: string;
  orgSlug: string;
  userId: string;
  role: Role;
  sessionId: string | null;
  ip: string;
  userAgent: string | null;
};

export type TOrgScope = Pick<TCaller, "orgId" | "userId">;

// Who sent a request that has no organisation yet (sign-up, password reset, MFA): audit needs it.
export type TRequestMeta = Pick<TCaller, "ip" | "userAgent">;

export function inOrg<T extends object>(caller: TOrgScope, where?: T): T & { orgId: string } {
  return { ...(where ?? ({} as T)), orgId: caller.orgId };
}

export function byIdInOrg(caller: TOrgScope, id: string): { id: string; orgId: string } {
  return { id, orgId: caller.orgId };
}
