import { withOrg } from "@/lib/api/guard";
import { exportAuditEventsCsv } from "@/lib/server/audit/export-audit-events-csv";
import { ZAuditFilters } from "@/lib/validation/audit";

export const GET = withOrg({ permission: "audit:read", query: ZAuditFilters }, async ({ caller, query }) => {
  const stream = await exportAuditEventsCsv(caller, query);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="bulwark-audit-${caller.orgSlug}-${day}.csv"`,
    },
  });
});
