import { json, withOrg } from "@/lib/api/guard";
import { getDashboard } from "@/lib/server/dashboard/dashboard";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";

export const GET = withOrg({ permission: "threat:read", query: ZPortfolioFilters }, async ({ caller, query }) => json(await getDashboard(caller, query)));
