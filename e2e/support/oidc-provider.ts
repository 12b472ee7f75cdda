// A real OpenID Connect provider (npm oidc-provider) for the SSO specs, started with the e2e
// app. Its built-in development login page accepts any login and password; the login is the
// account id. An id that starts with "unverified+" says its email is NOT verified, so the
// spec can show that Bulwark refuses to link such a sign-in.
import type { Server } from "node:http";
import Provider from "oidc-provider";

export type TOidcTestProvider = { issuer: string; stop: () => Promise<void> };

export function emailOfTestAccount(accountId: string): string {
  return accountId.replace(/^unverified\+/, "");
}

export async function startOidcProvider(options: { port: number; clientId: string; clientSecret: string; redirectUri: string }): Promise<TOidcTestProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["bulwark-e2e-oidc-cookie-key-0123456789"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, accountId) {
      return {
        accountId,
        async claims() {
          const email = emailOfTestAccount(accountId);
          return { sub: accountId, email, email_verified: !accountId.startsWith("unverified+"), name: email.split("@")[0] };
        },
      };
    },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(options.port, "127.0.0.1", () => resolve(listening));
  });
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
