import { withPublic } from "@/lib/api/guard";
import { checkDatabaseHealth } from "@/lib/server/health/check-database";

export const GET = withPublic({}, async () => {
  const dbOk = await checkDatabaseHealth();
  return Response.json({ status: dbOk ? "ok" : "degraded", db: dbOk ? "ok" : "unreachable" }, { status: dbOk ? 200 : 503 });
});
