import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";

export type TSignedInUser = {
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  activeOrgId: string | null;
  /** How this session was started; an SSO-only organisation admits SSO sessions only. */
  authMethod: "PASSWORD" | "SSO";
  mfaEnabled: boolean;
};

/** The signed-in user, after the server-side session check in the jwt callback; null when signed out. */
export async function getSignedInUser(): Promise<TSignedInUser | null> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id || !session.sessionId) return null;
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    sessionId: session.sessionId,
    activeOrgId: session.activeOrgId,
    authMethod: session.authMethod,
    mfaEnabled: session.mfaEnabled,
  };
}
