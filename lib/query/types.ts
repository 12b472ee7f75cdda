import type { Jsonify, TWire } from "@/lib/core/jsonify";
import type { LintSeverity } from "@/lib/generated/prisma/enums";
import type { TApiDto } from "@/lib/server/apis/api-dto";
import type { listApis } from "@/lib/server/apis/list-apis";
import type { listTemplates } from "@/lib/server/catalog/list-templates";
import type { TChecklistCategory as TServerChecklistCategory, TChecklistEntry as TServerChecklistEntry } from "@/lib/server/catalog/list-catalog";
import type { listComments } from "@/lib/server/comments/list-comments";
import type { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import type { createInvitation } from "@/lib/server/invitations/create-invitation";
import type { listPendingInvitations } from "@/lib/server/invitations/list-pending-invitations";
import type { listMembers } from "@/lib/server/members/list-members";
import type { listTeams } from "@/lib/server/members/list-teams";
import type { TMitigationDto } from "@/lib/server/mitigations/mitigation-dto";
import type { getMyWork } from "@/lib/server/mitigations/get-my-work";
import type { listMitigations } from "@/lib/server/mitigations/list-mitigations";
import type { getNotificationPreferences } from "@/lib/server/account/get-notification-preferences";
import type { listNotifications } from "@/lib/server/notifications/list-notifications";
import type { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import type { getSlaSettings } from "@/lib/server/settings/get-sla-settings";
import type { listSpecRules } from "@/lib/server/settings/list-spec-rules";
import type { updateSpecRule } from "@/lib/server/settings/update-spec-rule";
import type { previewSpec } from "@/lib/server/specs/preview-spec";
import type { previewSpecFromUrl } from "@/lib/server/specs/preview-spec-from-url";
import type { listFindings } from "@/lib/server/specs/list-findings";
import type { listOperations } from "@/lib/server/specs/list-operations";
import type { listSpecImports } from "@/lib/server/specs/list-spec-imports";
import type { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import type { listThreatModels } from "@/lib/server/threat-models/list-threat-models";
import type { diffThreatModel } from "@/lib/server/threat-models/diff-threat-model";
import type { TThreatDto } from "@/lib/server/threats/threat-dto";
import type { listThreatRegister } from "@/lib/server/threats/list-threat-register";
import type { startMfaEnrolment } from "@/lib/server/auth/start-mfa-enrolment";
import type { confirmMfaEnrolment } from "@/lib/server/auth/confirm-mfa-enrolment";
import type { getMfaStatus } from "@/lib/server/auth/get-mfa-status";
import type { listSessionsOfUser } from "@/lib/server/auth/list-sessions-of-user";
import type { signUp } from "@/lib/server/account/sign-up";
import type { acceptInvitation } from "@/lib/server/invitations/accept-invitation";
import type { createOrganization } from "@/lib/server/organization/create-organization";
import type { listAuditActors, listAuditEvents } from "@/lib/server/audit/list-audit-events";
import type { listCatalog } from "@/lib/server/catalog/list-catalog";
import type { createOrgEntry } from "@/lib/server/catalog/create-org-entry";
import type { createTemplate } from "@/lib/server/catalog/create-template";
import type { getExport } from "@/lib/server/exports/get-export";
import type { importOtm } from "@/lib/server/exports/import-otm";
import type { importOrganization } from "@/lib/server/exports/import-organization";
import type { bulkUpdateMitigations } from "@/lib/server/mitigations/update-mitigation";
import type { saveAnswer } from "@/lib/server/threat-models/save-answer";
import type { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import type { startNewVersion } from "@/lib/server/threat-models/start-new-version";
import type { ZAuditFilters } from "@/lib/validation/audit";
import type { ZListMitigationsQuery } from "@/lib/validation/mitigations";
import type { ZListApisQuery } from "@/lib/validation/apis";
import type { ZListFindingsQuery, ZListOperationsQuery } from "@/lib/validation/specs";
import type { z } from "zod";

// Every shape the browser receives is the data function's own return type after JSON (TWire,
// Jsonify): change a server DTO and the components that read it fail to compile. Nothing here is
// written out by hand. Filters are what the list's URL holds: the keys of the route's query schema.

export type TApiItem = Jsonify<TApiDto>;
export type TApiPageResponse = TWire<typeof listApis>;

/** A list's filters as the URL holds them: every key of the route's query schema, as text. */
type TUrlFilters<S extends z.ZodType, Omitted extends string = never> = { [K in Exclude<keyof z.input<S>, Omitted>]?: string };

export type TApiListFilters = TUrlFilters<typeof ZListApisQuery, "limit"> & { limit?: number };

export type TMemberItem = TWire<typeof listMembers>[number];
export type TInvitationItem = TWire<typeof listPendingInvitations>[number];
// Only the answer to creating one carries the link, shown once.
export type TCreatedInvitation = TWire<typeof createInvitation>;
export type TTeamItem = TWire<typeof listTeams>[number];

export type { TOperationFlag } from "@/lib/core/specs/extract-operations";
export type TOperationPage = TWire<typeof listOperations>;
export type TOperationItem = TOperationPage["data"][number];
export type TOperationFilters = TUrlFilters<typeof ZListOperationsQuery, "limit" | "cursor">;

export type TLintSeverity = LintSeverity;
export type TFindingPage = TWire<typeof listFindings>;
export type TFindingItem = TFindingPage["data"][number];
export type TFindingFilters = Pick<TUrlFilters<typeof ZListFindingsQuery>, "severity" | "rule">;

export type { TOperationDiff } from "@/lib/core/specs/diff-operations";
export type { TSpecImportResult as TSpecImportResponse } from "@/lib/server/specs/import-spec";
// A preview from a URL also says where the spec finally came from.
export type TSpecPreview = TWire<typeof previewSpec> & Partial<Pick<TWire<typeof previewSpecFromUrl>, "sourceUrl">>;
export type TSpecImportItem = TWire<typeof listSpecImports>[number];

export type TThreatModelSummary = TWire<typeof listThreatModels>[number];
export type TThreatModelDetail = TWire<typeof getThreatModel>;
export type TThreatItem = Jsonify<TThreatDto>;
export type TChecklistEntry = Jsonify<TServerChecklistEntry>;
export type TChecklistCategory = Jsonify<TServerChecklistCategory>;
export type TVersionDiffResponse = TWire<typeof diffThreatModel>;
export type TTemplateItem = TWire<typeof listTemplates>[number];
export type TRiskBandsResponse = TWire<typeof getRiskBands>;
export type TSpecRuleItem = TWire<typeof listSpecRules>[number];
export type TSpecRuleSwitched = TWire<typeof updateSpecRule>;

export type TMitigationItem = Jsonify<TMitigationDto>;
export type TMitigationPage = TWire<typeof listMitigations>;
export type TCommentItem = TWire<typeof listComments>[number];
export type TNotificationInbox = TWire<typeof listNotifications>;
export type TNotificationItem = TNotificationInbox["items"][number];
export type TMyWork = TWire<typeof getMyWork>;
export type TSlaResponse = TWire<typeof getSlaSettings>;
export type TNotificationPreference = TWire<typeof getNotificationPreferences>[number];

export type TDashboard = TWire<typeof getDashboard>;
export type TThreatRegisterItem = TThreatRegisterPage["data"][number];
export type TThreatRegisterPage = TWire<typeof listThreatRegister>;

export type TMitigationFilters = Pick<TUrlFilters<typeof ZListMitigationsQuery>, "status" | "assignee" | "dueBefore" | "apiId" | "severity" | "q">;
export type TBulkMitigationsResult = TWire<typeof bulkUpdateMitigations>;

export type TMfaStatus = TWire<typeof getMfaStatus>;
export type TMfaEnrolment = TWire<typeof startMfaEnrolment>;
export type TRecoveryCodes = TWire<typeof confirmMfaEnrolment>;
export type TSessionItem = TWire<typeof listSessionsOfUser>[number];
export type TCreatedOrganization = TWire<typeof createOrganization>;
// The sign-up answer names the new organisation (and echoes the email; nothing else of the account).
export type TSignUpResponse = Pick<TWire<typeof signUp>, "org">;
export type TAcceptedInvitation = TWire<typeof acceptInvitation>;

export type TAuditFilters = TUrlFilters<typeof ZAuditFilters>;
export type TAuditEvent = TWire<typeof listAuditEvents>["data"][number];
// The first page also lists who appears in the log, for the actor filter.
export type TAuditPage = TWire<typeof listAuditEvents> & Partial<Record<"actors", TWire<typeof listAuditActors>>>;

export type TCatalog = TWire<typeof listCatalog>;
export type TCreatedCatalogEntry = TWire<typeof createOrgEntry>;
export type TCreatedTemplate = TWire<typeof createTemplate>;

export type TExportJob = TWire<typeof getExport>;
export type TOtmImportResult = TWire<typeof importOtm>;
export type TOrganizationImportResult = TWire<typeof importOrganization>;

export type TAnswerResult = TWire<typeof saveAnswer>;
export type TCreatedThreatModel = TWire<typeof createThreatModel>;
export type TNewVersion = TWire<typeof startNewVersion>;
