import type { Jsonify } from "@/lib/core/jsonify";
import type { Role } from "@/lib/generated/prisma/enums";
import type { TChecklistCategory, TChecklistEntry } from "@/lib/server/catalog/list-catalog";
import type { TDashboard } from "@/lib/server/dashboard/get-dashboard";
import type { TMitigationDto } from "@/lib/server/mitigations/mitigation-dto";
import type { TThreatModelDetail as TServerThreatModelDetail } from "@/lib/server/threat-models/get-threat-model";
import type { TThreatModelSummary as TServerThreatModelSummary } from "@/lib/server/threat-models/list-threat-models";
import type { TThreatDto } from "@/lib/server/threats/threat-dto";
import type { TThreatRegisterItem as TServerThreatRegisterItem } from "@/lib/server/threats/list-threat-register";
import type { TExtractedOperation } from "@/lib/core/specs/extract-operations";
import type { TVersionDiff } from "@/lib/core/threat-models/version-diff";
import type { TCreateApi } from "@/lib/validation/apis";

// Shapes as they arrive over JSON (dates are strings).

export type TApiItem = Omit<TCreateApi, "team" | "technicalOwnerId"> & {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  team: { id: string; name: string } | null;
  technicalOwner: { id: string; name: string; email: string } | null;
};

export type TApiPageResponse = { data: TApiItem[]; nextCursor: string | null; total: number };

export type TApiListFilters = {
  q?: string;
  exposure?: string;
  lifecycle?: string;
  classification?: string;
  owner?: string;
  team?: string;
  tag?: string;
  model?: string;
  sort?: string;
  cursor?: string;
  limit?: number;
};

export type TMemberItem = { id: string; role: Role; createdAt: string; user: { id: string; name: string; email: string } };

export type TInvitationItem = { id: string; email: string; role: Role; expiresAt: string; createdAt: string; invitedBy: { name: string }; link?: string };

export type TTeamItem = { id: string; name: string };

export type { TOperationFlag } from "@/lib/core/specs/extract-operations";

// Dates arrive as strings; `parameters` is nullable in the database.
export type TOperationItem = Omit<TExtractedOperation, "key" | "parameters"> & {
  id: string;
  parameters: TExtractedOperation["parameters"] | null;
  removedAt: string | null;
  createdAt: string;
  findingCount: number;
  notYetModelled: boolean;
};

export type TOperationPage = { data: TOperationItem[]; nextCursor: string | null; total: number; lastApprovedModelAt: string | null };

export type TOperationFilters = { q?: string; method?: string; flag?: string; auth?: string; deprecated?: string; notModelled?: string; includeRemoved?: string };

export type TLintSeverity = "ERROR" | "WARN" | "INFO" | "HINT";

export type TFindingItem = {
  id: string;
  ruleId: string;
  severity: TLintSeverity;
  message: string;
  path: string;
  line: number | null;
  operation: { id: string; method: string; path: string } | null;
};

export type TFindingPage = { data: TFindingItem[]; nextCursor: string | null; total: number; rules: { ruleId: string; severity: TLintSeverity; count: number }[] };

export type TFindingFilters = { severity?: string; rule?: string };

export type { TOperationDiff } from "@/lib/core/specs/diff-operations";
export type { TSpecImportResult as TSpecImportResponse } from "@/lib/server/specs/import-spec";

export type TSpecPreview = {
  format: string;
  formatLabel: string;
  title: string | null;
  specVersion: string | null;
  description: string | null;
  servers: { name: string; baseUrl: string }[];
  operationCount: number;
  sourceUrl?: string;
};

export type TSpecImportItem = {
  id: string;
  createdAt: string;
  source: "UPLOAD" | "PASTE" | "URL" | "API";
  sourceUrl: string | null;
  fileName: string | null;
  format: string;
  title: string | null;
  specVersion: string | null;
  sizeBytes: number;
  operationCount: number;
  added: number;
  removed: number;
  changed: number;
  findingCount: number;
  durationMs: number;
  importedBy: { id: string; name: string } | null;
};

export type TThreatModelSummary = Jsonify<TServerThreatModelSummary>;
export type TThreatModelDetail = Jsonify<TServerThreatModelDetail>;
export type TThreatItem = Jsonify<TThreatDto>;
export type { TChecklistEntry, TChecklistCategory };
export type TVersionDiffResponse = TVersionDiff & { from: { id: string; modelVersion: number }; to: { id: string; modelVersion: number } };
export type TTemplateItem = { id: string; name: string; description: string; entryKeys: string[]; createdAt: string };
export type TRiskBandsResponse = { mediumFrom: number; highFrom: number; criticalFrom: number; version: number };

export type TMitigationItem = Jsonify<TMitigationDto>;
export type TMitigationPage = { data: TMitigationItem[]; nextCursor: string | null; total: number };
export type TCommentItem = { id: string; body: string; createdAt: string; editedAt: string | null; deletedAt: string | null; author: { id: string; name: string } | null };
export type TNotificationItem = { id: string; kind: string; title: string; body: string; link: string; readAt: string | null; createdAt: string };
export type TMyWork = { mitigations: TMitigationItem[]; reviews: { id: string; title: string; modelVersion: number; submittedAt: string | null; api: { id: string; name: string }; author: { name: string } | null }[] };
export type TSlaResponse = { slaCriticalDays: number; slaHighDays: number; slaMediumDays: number; slaLowDays: number; independentVerification: boolean; reviewIntervalDays: number; version: number };
export type TNotificationPreference = { kind: "ASSIGNED" | "MENTIONED" | "DUE_SOON" | "OVERDUE" | "REVIEW_REQUESTED"; inApp: boolean; email: boolean };

export type { TDashboard };
export type TThreatRegisterItem = Jsonify<TServerThreatRegisterItem>;
export type TThreatRegisterPage = { data: TThreatRegisterItem[]; nextCursor: string | null; total: number };
