import type { TCoverageCell, TCoverageSummary, TDashboardFigures, TSeverityCounts, TTeamRisk, TTrendWeek } from "@/lib/core/dashboard/dashboard-shape";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { TRiskBands } from "@/lib/core/threats/risk";

// What the reports print, as plain data: the data layer fills these (lib/server/exports), the
// renderers (lib/core/exports/pdf) only read them, so a renderer never touches the database and can
// run anywhere (a worker thread, a benchmark process).

export type TPerson = { name: string; email: string } | null;

export type TThreatModelReportData = {
  generatedAt: string;
  generatedBy: string;
  org: { name: string; slug: string };
  model: {
    id: string;
    title: string;
    modelVersion: number;
    status: "DRAFT" | "IN_REVIEW" | "APPROVED" | "ARCHIVED";
    scope: string;
    assumptions: string;
    author: TPerson;
    reviewer: TPerson;
    approvedBy: TPerson;
    approvedAt: string | null;
    submittedAt: string | null;
    createdAt: string;
    updatedAt: string;
  };
  api: {
    name: string;
    description: string;
    exposure: string;
    dataClassification: string;
    dataFlags: string[];
    authSchemes: string[];
    protocol: string;
    lifecycle: string;
    team: string | null;
    owner: TPerson;
    apiVersion: string | null;
    environments: { name: string; baseUrl: string }[];
    operations: number;
    operationsWithoutAuth: number;
  };
  bands: TRiskBands;
  threats: {
    id: string;
    title: string;
    description: string;
    category: string;
    owaspApiId: string | null;
    stride: string[];
    likelihood: number;
    impact: number;
    score: number;
    severity: Severity;
    status: "OPEN" | "MITIGATED" | "ACCEPTED" | "TRANSFERRED" | "NOT_APPLICABLE";
    acceptanceJustification: string | null;
    acceptanceExpiresAt: string | null;
    source: string;
    /** "METHOD /path", with the reasons the spec rules linked it for (none when a person linked it). */
    operations: { label: string; reasons: string[] }[];
    mitigationIds: string[];
  }[];
  mitigations: {
    id: string;
    title: string;
    description: string;
    status: "PROPOSED" | "PLANNED" | "IN_PROGRESS" | "IMPLEMENTED" | "VERIFIED" | "WONT_DO";
    assignee: TPerson;
    dueDate: string | null;
    ticketUrl: string | null;
    evidence: string | null;
    threatIds: string[];
  }[];
  answers: {
    category: string;
    entryKey: string;
    title: string;
    answer: "YES" | "NO" | "UNSURE" | "NOT_APPLICABLE" | null;
    note: string;
    ruleReason: string | null;
    confirmed: boolean;
  }[];
  reviews: { action: string; actor: string | null; comment: string; createdAt: string }[];
};

export type TPortfolioReportData = {
  generatedAt: string;
  generatedBy: string;
  org: { name: string; slug: string };
  /** The dashboard filters the report was made with, in words ("Team: Payments Core"). */
  filters: string[];
  bands: TRiskBands;
  reviewIntervalDays: number;
  figures: TDashboardFigures & { reviewsWaiting: number; newOperations: number };
  trend: TTrendWeek[];
  heat: number[];
  teams: TTeamRisk[];
  topApis: { name: string; team: string | null; exposure: string; open: TSeverityCounts; score: number }[];
  coverage: {
    total: number;
    summary: TCoverageSummary[];
    rows: { name: string; cells: TCoverageCell[] }[];
  };
  overdueByTeam: { team: string; overdue: TSeverityCounts & { total: number }; oldestDueDate: string; unassigned: number }[];
  overdueItems: { title: string; team: string | null; api: string | null; assignee: string | null; dueDate: string; severity: Severity | null }[];
  overdueItemsTotal: number;
  topThreats: { title: string; api: string; team: string | null; owaspApiId: string | null; score: number; severity: Severity; mitigations: number }[];
};
