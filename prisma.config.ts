// Prisma CLI configuration. Prisma 7 reads no .env by itself; the app and the migration runner
// take DATABASE_URL from the environment (lib/env.ts), and `prisma generate` needs no database.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/bulwark" },
});
