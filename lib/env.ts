import { z } from "zod";
import { zQueryInt } from "@/lib/validation/int";

// The environment, validated once. Everything else imports `env` instead of reading process.env,
// so a typo or a missing secret fails at start-up with a message, not at the first request.

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  EMBEDDED_PG_DIR: z.string().min(1).default(".data/postgres"),
  DATABASE_POOL_MAX: zQueryInt({ min: 1, max: 200 }).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: zQueryInt({ min: 100, max: 60_000 }).default(5_000),
  PORT: zQueryInt({ min: 1, max: 65_535 }).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  // Processes serving requests (npm start; the dev server always runs one). One Node process
  // renders on one core, so set this to the number of cores the app may use.
  WEB_CONCURRENCY: zQueryInt({ min: 1, max: 32 }).default(1),
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
  // Origins besides NEXTAUTH_URL's that may send state-changing requests (comma-separated), e.g.
  // a second public name of the same deployment. The Host header is never trusted for this.
  BULWARK_ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().url("BULWARK_ALLOWED_ORIGINS must list full origins, like https://bulwark.example.com"))),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  REDIS_URL: z.string().url().optional(),
  RATE_LIMIT_STORE: z.enum(["memory", "postgres", "redis"]).optional(),
  // Proxies in front of the app whose X-Forwarded-For entries are trusted (0: use the socket address).
  TRUSTED_PROXY_HOPS: zQueryInt({ min: 0, max: 10 }).default(0),
  BULWARK_DEMO_PASSWORD: z.string().min(12, "BULWARK_DEMO_PASSWORD must be at least 12 characters").optional(),
  // "auto" seeds demo data only into an empty embedded database; "true" also into an external one.
  BULWARK_SEED_DEMO: z.enum(["auto", "true", "false"]).default("auto"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  BULWARK_DISABLE_HSTS: booleanFlag,
  // Open sign-up ("open"), only while no user exists ("first-run"), or invitations only ("closed").
  BULWARK_SIGNUP: z.enum(["open", "first-run", "closed"]).default("first-run"),
  BULWARK_SKIP_BUILD: booleanFlag,
  // Email: an SMTP URL such as smtp://user:pass@mail.example.com:587; unset, emails go to the log.
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("Bulwark <bulwark@localhost>"),
  // How often the reminder scheduler looks for due and overdue work (0 switches it off).
  REMINDER_INTERVAL_MS: zQueryInt({ min: 0, max: 86_400_000 }).default(60_000),
  // Hosts (or host:port) that spec import by URL may fetch from even though they resolve to
  // internal addresses, e.g. "specs.internal,127.0.0.1:4010". Empty: public addresses only.
  BULWARK_URL_IMPORT_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((host) => host.trim()).filter(Boolean)),
  // Single sign-on through an OpenID Connect provider: all three, or none to switch SSO off.
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  // What the sign-in button calls the provider ("Sign in with Okta").
  OIDC_DISPLAY_NAME: z.string().min(1).max(40).default("SSO"),
  // The Contact line of /.well-known/security.txt (RFC 9116): a mailto: or https: URI.
  SECURITY_CONTACT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, "SECURITY_CONTACT must be a mailto: or https:// URI")
    .optional(),
});

export type TEnv = z.infer<typeof ZEnv>;

function loadEnv(): TEnv {
  const parsed = ZEnv.superRefine((value, context) => {
    const oidc = [value.OIDC_ISSUER, value.OIDC_CLIENT_ID, value.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) context.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them" });
  }).safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export const env = loadEnv();

/** Secure cookies and HSTS follow the public URL: a plain-http localhost demo cannot use them. */
export const isHttpsDeployment = env.NEXTAUTH_URL.startsWith("https://");

export function rateLimitStore(): "memory" | "postgres" | "redis" {
  return env.RATE_LIMIT_STORE ?? (env.REDIS_URL ? "redis" : "postgres");
}

/** The OIDC provider when SSO is configured, else null. */
export function oidcSettings(): { issuer: string; clientId: string; clientSecret: string; displayName: string } | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return null;
  // Kept exactly as given: it must equal the `iss` claim, trailing slash and all.
  return { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, displayName: env.OIDC_DISPLAY_NAME };
}
