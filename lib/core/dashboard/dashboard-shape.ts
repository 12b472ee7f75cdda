import type { Severity } from "@/lib/generated/prisma/enums";

// The portfolio's figures in one shape, shared by the dashboard (lib/server/dashboard) and the
// portfolio PDF (lib/core/exports/report-data.ts), which prints the same numbers.

export type TSeverityCounts = Record<Severity, number>;

export type TDashboardFigures = {
  apis: number;
  freshlyModelled: number;
  internetWithoutModel: number;
  open: TSeverityCounts;
  overdueMitigations: number;
  meanDaysToMitigate: { severity: Severity; meanDays: number; count: number }[];
};

export type TTrendWeek = { week: string; open: TSeverityCounts; live: boolean };
export type TTeamRisk = { team: string; open: TSeverityCounts; score: number };
export type TCoverageCell = { state: "not-assessed" | "clean" } | { state: "open"; severity: Severity };
export type TCoverageSummary = { category: string; notAssessed: number; clean: number; open: number };
