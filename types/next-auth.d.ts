import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    id: string;
    sessionId: string;
  }
  interface Session {
    user: { id: string; name: string; email: string };
    sessionId: string;
    activeOrgId: string | null;
    authMethod: "PASSWORD" | "SSO";
    mfaEnabled: boolean;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    activeOrgId?: string | null;
    amr?: "PASSWORD" | "SSO";
    mfa?: boolean;
  }
}
