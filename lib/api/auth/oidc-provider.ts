import type { OAuthConfig } from "next-auth/providers/oauth";

// Single sign-on with any OpenID Connect provider, configured by OIDC_ISSUER, OIDC_CLIENT_ID and
// OIDC_CLIENT_SECRET. The authorization code flow with PKCE, state and nonce; the ID token is
// verified by openid-client (signature from the provider's JWKS, issuer, audience, expiry).

export const OIDC_PROVIDER_ID = "oidc";

/** The `error` on /login after a refused SSO sign-in. */
export const SSO_SIGN_IN_ERROR = {
  email_not_verified: "SsoEmailNotVerified",
  no_account: "SsoNoAccount",
} as const;

type TOidcProfile = { sub: string; email?: string; email_verified?: boolean | string; name?: string };

export function oidcProvider(settings: { issuer: string; clientId: string; clientSecret: string; displayName: string }): OAuthConfig<TOidcProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.displayName,
    type: "oauth",
    wellKnown: `${settings.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    userinfo: {
      // Providers differ in whether email claims come in the ID token or from userinfo; take
      // both, let the verified ID token win, and refuse a userinfo answer about someone else.
      async request({ tokens, client }) {
        // With idToken: true, next-auth hands over openid-client's TokenSet, whose ID token it verified.
        const claims = (tokens as unknown as { claims: () => TOidcProfile }).claims();
        const info = tokens.access_token ? ((await client.userinfo(tokens.access_token).catch(() => ({}))) as Partial<TOidcProfile>) : {};
        if (info.sub && info.sub !== claims.sub) throw new Error("The provider's userinfo describes another subject.");
        return { ...info, ...claims, email: claims.email ?? info.email, email_verified: claims.email_verified ?? info.email_verified };
      },
    },
    profile(profile) {
      return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null, sessionId: "" };
    },
  };
}
