import { json, withOrg } from "@/lib/api/guard";
import { getDashboardCached } from "@/lib/server/dashboard/dashboard-cache";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";

export const GET = withOrg({ permission: "threat:read", query: ZPortfolioFilters }, async ({ caller, query }) => json(await getDashboardCached(caller, query)));
