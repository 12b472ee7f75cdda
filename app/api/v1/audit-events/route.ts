import { withOrg } from "@/lib/api/guard";
import { listAuditActors, listAuditEvents } from "@/lib/server/audit/list-audit-events";
import { ZAuditListQuery } from "@/lib/validation/audit";

export const GET = withOrg({ permission: "audit:read", query: ZAuditListQuery }, async ({ caller, query }) => {
  const { cursor, limit, ...filters } = query;
  const [page, actors] = await Promise.all([listAuditEvents(caller, { filters, cursor, limit }), cursor ? Promise.resolve(undefined) : listAuditActors(caller)]);
  return Response.json({ ...page, actors });
});
