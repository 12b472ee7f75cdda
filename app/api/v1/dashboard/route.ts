import { json, withOrg } from "@/lib/api/guard";
import { getDashboardCached } from "@/lib/server/dashboard/get-dashboard-cached";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";

export const GET = withOrg({ permission: "threat:read", query: ZPortfolioFilters }, async ({ caller, query }) => json(await getDashboardCached(caller, query)));
