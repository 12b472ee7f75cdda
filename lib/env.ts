import { z } from "zod";

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
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  // Processes serving requests (npm start; the dev server always runs one). One Node process
  // renders on one core, so set this to the number of cores the app may use.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1),
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  REDIS_URL: z.string().url().optional(),
  RATE_LIMIT_STORE: z.enum(["memory", "postgres", "redis"]).optional(),
  // Proxies in front of the app whose X-Forwarded-For entries are trusted (0: use the socket address).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
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
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  // Hosts (or host:port) that spec import by URL may fetch from even though they resolve to
  // internal addresses, e.g. "specs.internal,127.0.0.1:4010". Empty: public addresses only.
  BULWARK_URL_IMPORT_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((host) => host.trim()).filter(Boolean)),
});

export type TEnv = z.infer<typeof ZEnv>;

function loadEnv(): TEnv {
  const parsed = ZEnv.safeParse(process.env);
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
