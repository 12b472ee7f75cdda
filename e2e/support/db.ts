import { readFileSync } from "node:fs";
import pg from "pg";
import { hashPassword } from "../../lib/core/auth/password";
import { SERVER_STATE_FILE } from "./constants";

// Direct database access for assertions ("is the row really there?") and for making users that
// a spec may lock or sign out without disturbing the shared demo accounts.

function databaseUrl(): string {
  return (JSON.parse(readFileSync(SERVER_STATE_FILE, "utf8")) as { databaseUrl: string }).databaseUrl;
}

export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A fresh user in an existing organisation; returns the email. */
export async function createMember(orgSlug: string, role: "OWNER" | "ADMIN" | "EDITOR" | "VIEWER", password: string, name = "E2E Person"): Promise<string> {
  const email = `e2e-${Date.now().toString(36)}-${counter++}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  const userId = `e2euser${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 8)}`;
  await sql(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ($1, $2, $3, $4, now())`, [userId, email, name, await hashPassword(password)]);
  await sql(
    `INSERT INTO "Membership" (id, "orgId", "userId", role, "updatedAt") SELECT $1, id, $2, $3::"Role", now() FROM "Organization" WHERE slug = $4`,
    [`e2emember${userId}`, userId, role, orgSlug],
  );
  return email;
}

export async function apiIdByName(name: string): Promise<string> {
  const rows = await sql<{ id: string }>(`SELECT id FROM "Api" WHERE name = $1`, [name]);
  if (!rows[0]) throw new Error(`no API named ${name}`);
  return rows[0].id;
}
