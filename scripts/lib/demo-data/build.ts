import { randomBytes } from "node:crypto";
import type { ChecklistAnswerValue, MitigationStatus, ReviewAction, Severity, ThreatModelStatus, ThreatSource, ThreatStatus } from "@/lib/generated/prisma/enums";
import { generatedThreatFields, proposedMitigations, type TGeneratedThreatEntry } from "@/lib/core/threat-models/generated-threat";
import { riskScore, severityOf, worstSeverity, type TRiskBands } from "@/lib/core/threats/risk";
import { evaluateRules, type TRuleAnswer, type TRuleContext } from "@/lib/core/threat-models/rules";
import { dueDateFromSla, slaDays, type TSlaSettings } from "@/lib/core/mitigations/sla";
import type { TApiSpec, TMitSpec, TModelSpec, TOpSpec, TScenario } from "./scenario";

// The one generator of demo and benchmark rows: a scenario (scenario.ts) in, rows out, pure.
// The product's rules come from the app's own pure functions, never restated here:
// - rule pre-answers, their reasons and operations: evaluateRules (lib/core/threat-models/rules.ts), run on
//   the operations the API had when its first version started; a scenario that claims a
//   pre-answer the rules do not give is refused;
// - generated threats (fields, description, proposed suggestions): lib/core/threat-models/generated-threat.ts;
// - severity by the organisation's bands: severityOf; SLA due dates from the worst linked
//   threat: slaDays/dueDateFromSla/worstSeverity (lib/core/mitigations/sla.ts, risk.ts);
// - versions: approving a version archives the approved one before it, so an API has at most one
//   APPROVED model (checked, the scenario states the statuses).
// ApiRiskRollup and Mitigation.severity are never written: the database triggers keep them.

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const PRIORITY: Record<Severity, number> = { CRITICAL: 1, HIGH: 2, MEDIUM: 3, LOW: 4 };

export type TBuildApi = { id: string; name: string; facts: TRuleContext["api"] };
export type TBuildOrg = {
  id: string;
  users: Record<string, { id: string; name: string }>;
  apis: Record<string, TBuildApi>;
  teamIds: string[];
  bands: TRiskBands;
  sla: TSlaSettings;
};
export type TBuildContext = {
  now: Date;
  /** Switched-on catalogue entries, in checklist order (may be empty). */
  catalogue: TGeneratedThreatEntry[];
  orgs: Record<string, TBuildOrg>;
  newId?: () => string;
  /** Past weeks of RiskSnapshot rows per modelled API. */
  historyWeeks: number;
  /** Also this week's row (the snapshot job's, at `now`). */
  currentWeek?: boolean;
  /** Days the organisations, teams and people have existed (rewrites their createdAt). */
  since?: number;
};

type TOperationRow = {
  id: string; orgId: string; apiId: string; method: string; path: string; operationId: string | null; summary: string; tags: string[]; deprecated: boolean;
  requiresAuth: boolean; securitySchemes: string[]; flags: string[]; sensitiveFields: string[]; parameters: unknown; removedAt: Date | null; createdAt: Date; updatedAt: Date;
};
type TModelRow = {
  id: string; orgId: string; apiId: string; title: string; scope: string; assumptions: string; modelVersion: number; status: ThreatModelStatus; authorId: string | null;
  reviewerId: string | null; submittedAt: Date | null; approvedAt: Date | null; approvedById: string | null; entryKeys: string[]; previousVersionId: string | null;
  contributorIds: string[]; createdAt: Date; updatedAt: Date; version: number;
};
type TReviewRow = { id: string; orgId: string; threatModelId: string; actorId: string | null; action: ReviewAction; comment: string; createdAt: Date };
type TAnswerRow = {
  id: string; orgId: string; threatModelId: string; entryKey: string; answer: ChecklistAnswerValue; note: string; answeredById: string | null;
  ruleAnswer: ChecklistAnswerValue | null; ruleReason: string | null; ruleOperationIds: string[]; createdAt: Date; updatedAt: Date;
};
export type TThreatRow = {
  id: string; orgId: string; threatModelId: string; title: string; description: string; category: string; owaspApiId: string | null; stride: string[];
  catalogEntryKey: string | null; likelihood: number; impact: number; score: number; severity: Severity; status: ThreatStatus;
  acceptanceJustification: string | null; acceptanceExpiresAt: Date | null; source: ThreatSource; createdById: string | null; createdAt: Date; updatedAt: Date; version: number;
};
export type TMitigationRow = {
  id: string; orgId: string; title: string; description: string; assigneeId: string | null; dueDate: Date | null; priority: number; status: MitigationStatus;
  wontDoReason: string | null; evidenceUrl: string | null; evidenceNote: string | null; ticketUrl: string | null; verifiedById: string | null; verifiedAt: Date | null;
  dueDateManual: boolean; createdById: string | null; createdAt: Date; updatedAt: Date; version: number;
};
type TCommentRow = { id: string; orgId: string; authorId: string | null; threatId: string | null; mitigationId: string | null; body: string; mentionedUserIds: string[]; createdAt: Date; updatedAt: Date };
export type TSnapshotRow = { apiId: string; weekStart: Date; orgId: string; openCritical: number; openHigh: number; openMedium: number; openLow: number; takenAt: Date };
type TLink = { orgId: string; threatId: string; mitigationId: string };

export type TPlan = {
  created: { orgIds: string[]; teamIds: string[]; userIds: string[]; at: Date } | null;
  apiCreatedAt: { id: string; createdAt: Date }[];
  operations: TOperationRow[];
  models: TModelRow[];
  reviews: TReviewRow[];
  answers: TAnswerRow[];
  threats: TThreatRow[];
  threatOperations: { orgId: string; threatId: string; operationId: string }[];
  mitigations: TMitigationRow[];
  threatMitigations: TLink[];
  comments: TCommentRow[];
  snapshots: TSnapshotRow[];
  /** Not written: when each mitigation's SLA clock started (tests check due dates against it). */
  slaStart: Map<string, Date>;
};

/** An id in the shape of Prisma's cuid(): "c" and 24 lowercase hex characters. */
export function randomId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}

/** Monday 00:00 UTC of the week `date` falls in (as the snapshot job computes it). */
export function mondayOf(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

/** FNV-1a: a small deterministic hash for the history's noise. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const opKey = (op: { method: string; path: string }) => `${op.method} ${op.path}`;

function parameters(op: TOpSpec): unknown {
  const fromPath = [...op.path.matchAll(/\{([^}]+)\}/g)].map((match) => ({ name: match[1]!, in: "path", required: true, type: "string", format: null }));
  const fromQuery = (op.query ?? []).map((name) => ({ name, in: "query", required: false, type: name === "limit" ? "integer" : "string", format: null }));
  return [...fromPath, ...fromQuery];
}

/** What the app's rules pre-answer for this API when a model starts `at` days ago (operations imported by then, not removed). */
export function ruleAnswersAt(api: TBuildApi["facts"], operations: (TOpSpec & { id: string })[], at: number): Map<string, TRuleAnswer> {
  const live = operations.filter((op) => op.created >= at && (op.removed === undefined || op.removed < at));
  const context: TRuleContext = {
    api,
    operations: live.map((op) => ({ id: op.id, method: op.method, path: op.path, requiresAuth: op.auth ?? true, deprecated: op.deprecated ?? false, flags: op.flags ?? [], sensitiveFields: op.sensitive ?? [] })),
    findings: [],
  };
  return new Map(evaluateRules(context).map((answer) => [answer.entryKey, answer]));
}

type TModelFacts = { spec: TApiSpec; model: TModelRow; threats: TThreatRow[] };

export function buildPlan(scenario: TScenario, context: TBuildContext): TPlan {
  const { now, catalogue } = context;
  const newId = context.newId ?? randomId;
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const entries = new Map(catalogue.map((entry) => [entry.key, entry]));
  const allKeys = catalogue.map((entry) => entry.key);
  const categoryOrder = [...new Set(catalogue.map((entry) => entry.category))];

  const plan: TPlan = {
    created: null,
    apiCreatedAt: [],
    operations: [],
    models: [],
    reviews: [],
    answers: [],
    threats: [],
    threatOperations: [],
    mitigations: [],
    threatMitigations: [],
    comments: [],
    snapshots: [],
    slaStart: new Map(),
  };
  if (context.since !== undefined) {
    plan.created = { orgIds: [], teamIds: [], userIds: [], at: ago(context.since) };
    for (const org of Object.values(context.orgs)) {
      plan.created.orgIds.push(org.id);
      plan.created.teamIds.push(...org.teamIds);
      plan.created.userIds.push(...Object.values(org.users).map((user) => user.id));
    }
  }

  const threatIds = new Map<string, string>(); // `${modelRef}|${key}`
  const mitigationRefs = new Map<string, string>();
  const pendingLinks: { orgId: string; threatId: string; ref: string }[] = [];
  const links: TLink[] = [];
  const modelFacts: TModelFacts[] = [];
  const toMitigate: { row: TThreatRow; resolved?: number }[] = [];
  const resolvedAt = new Map<string, Date>();
  const mitigationOrg = new Map<string, TBuildOrg>();
  const pendingSla: { row: TMitigationRow; start: Date; spec: TMitSpec }[] = [];

  for (const spec of scenario.apis) {
    const org = context.orgs[spec.org];
    const api = org?.apis[spec.api];
    if (!org || !api) continue;
    const person = (who: string | null | undefined) => (who ? (org.users[who]?.id ?? null) : null);
    if (spec.age !== undefined) plan.apiCreatedAt.push({ id: api.id, createdAt: ago(spec.age) });

    const operations = (spec.operations ?? []).map((op) => ({ ...op, id: newId() }));
    const operationIds = new Map(operations.map((op) => [opKey(op), op.id]));
    for (const op of operations) {
      const requiresAuth = op.auth ?? true;
      plan.operations.push({
        id: op.id,
        orgId: org.id,
        apiId: api.id,
        method: op.method,
        path: op.path,
        operationId: op.operationId,
        summary: op.summary,
        tags: op.tags ?? [op.path.split("/")[2] ?? ""].filter(Boolean),
        deprecated: op.deprecated ?? false,
        requiresAuth,
        securitySchemes: requiresAuth ? [spec.scheme ?? "oauth2"] : [],
        flags: op.flags ?? [],
        sensitiveFields: op.sensitive ?? [],
        parameters: parameters(op),
        removedAt: op.removed === undefined ? null : ago(op.removed),
        createdAt: ago(op.created),
        updatedAt: ago(op.removed ?? op.created),
      });
    }

    // Rules run once, when the API's first model starts; later versions copy the answers.
    const first = spec.models[0];
    const rules = first ? ruleAnswersAt(api.facts, operations, first.created) : new Map<string, TRuleAnswer>();
    const ruleFor = (model: TModelSpec, key: string, expected: TRuleAnswer["answer"]): TRuleAnswer => {
      const rule = rules.get(key);
      if (!rule || rule.answer !== expected) {
        throw new Error(`Scenario ${spec.api} / ${model.ref}: expects the rules to pre-answer ${key} ${expected}, but they answer ${rule?.answer ?? "nothing"}.`);
      }
      return rule;
    };

    const modelIds = new Map<string, TModelRow>();
    const approvedVersions = spec.models.filter((model) => model.status === "APPROVED");
    if (approvedVersions.length > 1) throw new Error(`Scenario ${spec.api}: more than one APPROVED version (approving one archives the one before).`);
    for (const modelSpec of spec.models) {
      const modelId = newId();
      const authorId = person(modelSpec.author);
      const createdAt = ago(modelSpec.created);
      const submittedAt = modelSpec.submitted !== undefined ? ago(modelSpec.submitted) : null;
      const approvedAt = modelSpec.approved !== undefined ? ago(modelSpec.approved) : null;
      const previous = modelSpec.previous ? (modelIds.get(modelSpec.previous) ?? null) : null;
      if (previous && previous.status !== "ARCHIVED" && approvedAt && previous.approvedAt) throw new Error(`Scenario ${spec.api} / ${modelSpec.ref}: its approved predecessor must be archived.`);
      // Answers were given between the start and the submission (drafts: until yesterday).
      const answeringEnds = submittedAt ?? ago(Math.min(1, modelSpec.created / 2));
      const entryKeys = modelSpec.entryKeys?.filter((key) => entries.has(key)) ?? allKeys;
      const threatSpecs = modelSpec.threats.filter((threat) => threat.manual || (entries.has(threat.key) && entryKeys.includes(threat.key)));
      const threatByKey = new Map(threatSpecs.map((threat) => [threat.key, threat]));
      const ruleNo = new Set(modelSpec.ruleNo ?? []);
      const answeredCategories = modelSpec.answeredSteps === undefined ? null : new Set(categoryOrder.slice(0, modelSpec.answeredSteps));
      const answeredKeys = entryKeys.filter((key) => answeredCategories === null || answeredCategories.has(entries.get(key)!.category) || threatByKey.has(key));
      const reviews = modelSpec.reviews ?? [
        ...(modelSpec.submitted !== undefined ? [{ action: "SUBMITTED" as const, by: modelSpec.author, at: modelSpec.submitted, comment: "" }] : []),
        ...(modelSpec.approved !== undefined ? [{ action: "APPROVED" as const, by: modelSpec.approver ?? null, at: modelSpec.approved, comment: "" }] : []),
      ];

      const model: TModelRow = {
        id: modelId,
        orgId: org.id,
        apiId: api.id,
        title: `${api.name} threat model`,
        scope: modelSpec.scope,
        assumptions: modelSpec.assumptions,
        modelVersion: modelSpec.modelVersion ?? (previous ? previous.modelVersion + 1 : 1),
        status: modelSpec.status,
        authorId,
        reviewerId: person(modelSpec.reviewer),
        submittedAt,
        approvedAt,
        approvedById: approvedAt ? person(modelSpec.approver) : null,
        entryKeys,
        previousVersionId: previous?.id ?? null,
        contributorIds: authorId ? [authorId] : [],
        createdAt,
        updatedAt: approvedAt ?? submittedAt ?? answeringEnds,
        version: 1 + reviews.length,
      };
      modelIds.set(modelSpec.ref, model);
      plan.models.push(model);
      for (const review of reviews) {
        plan.reviews.push({ id: newId(), orgId: org.id, threatModelId: modelId, actorId: person(review.by), action: review.action, comment: review.comment, createdAt: ago(review.at) });
      }

      // Checklist answers, in checklist order, spread over the time the model was worked on.
      const answeredAt = new Map<string, Date>();
      const span = answeringEnds.getTime() - createdAt.getTime();
      answeredKeys.forEach((key, index) => {
        const at = new Date(createdAt.getTime() + Math.round((span * (index + 1)) / (answeredKeys.length + 1)));
        answeredAt.set(key, at);
        const threat = threatByKey.get(key);
        const entry = entries.get(key)!;
        // A threat set aside keeps its row; its entry was answered "no" (save-answer.ts).
        const setAside = threat?.status === "NOT_APPLICABLE";
        const answer: ChecklistAnswerValue = threat && !setAside ? (threat.answer ?? threat.rule ?? "YES") : entry.category === "iot-and-edge" ? "NOT_APPLICABLE" : "NO";
        const rule = threat?.rule ? ruleFor(modelSpec, key, threat.rule) : ruleNo.has(key) ? ruleFor(modelSpec, key, "NO") : undefined;
        plan.answers.push({
          id: newId(),
          orgId: org.id,
          threatModelId: modelId,
          entryKey: key,
          answer,
          note: threat?.note ?? "",
          answeredById: authorId,
          ruleAnswer: rule?.answer ?? null,
          ruleReason: rule?.reason ?? null,
          ruleOperationIds: rule?.operationIds ?? [],
          createdAt: at,
          updatedAt: at,
        });
      });

      const threats: TThreatRow[] = [];
      for (const threatSpec of threatSpecs) {
        const entry = entries.get(threatSpec.key);
        const threatId = newId();
        threatIds.set(`${modelSpec.ref}|${threatSpec.key}`, threatId);
        const threatCreated = threatSpec.found !== undefined ? ago(threatSpec.found) : (answeredAt.get(threatSpec.key) ?? new Date(answeringEnds.getTime() - 2 * HOUR_MS));
        const rule = threatSpec.rule ? ruleFor(modelSpec, threatSpec.key, threatSpec.rule) : undefined;
        const held = threatSpec.status === "ACCEPTED" || threatSpec.status === "TRANSFERRED" ? threatSpec.acceptance : undefined;
        const fields = threatSpec.manual
          ? {
              ...threatSpec.manual,
              catalogEntryKey: null,
              likelihood: threatSpec.l,
              impact: threatSpec.i,
              score: riskScore(threatSpec.l, threatSpec.i),
              severity: severityOf(riskScore(threatSpec.l, threatSpec.i), org.bands),
            }
          : generatedThreatFields({ entry: entry!, answer: rule?.answer ?? threatSpec.answer ?? "YES", reason: rule?.reason ?? null, api: api.facts, bands: org.bands, score: { likelihood: threatSpec.l, impact: threatSpec.i } });
        const direct = threatSpec.status && threatSpec.status !== "MITIGATED" ? threatSpec.status : null;
        const closed = direct ? ago(threatSpec.resolved ?? held?.accepted ?? modelSpec.created) : null;
        const row: TThreatRow = {
          id: threatId,
          orgId: org.id,
          threatModelId: modelId,
          ...fields,
          // MITIGATED is decided below, once the mitigations are known.
          status: direct ?? "OPEN",
          acceptanceJustification: held?.justification ?? null,
          acceptanceExpiresAt: threatSpec.status === "ACCEPTED" && held?.expiresIn !== undefined ? dueDateFromSla(now, held.expiresIn) : null,
          source: threatSpec.manual ? "MANUAL" : (rule?.source ?? "CHECKLIST"),
          createdById: threatSpec.by !== undefined ? person(threatSpec.by) : authorId,
          createdAt: threatCreated,
          updatedAt: closed && closed > threatCreated ? closed : threatCreated,
          version: direct ? 2 : 1,
        };
        if (closed) resolvedAt.set(threatId, row.updatedAt);
        plan.threats.push(row);
        threats.push(row);
        if (threatSpec.status === "MITIGATED") toMitigate.push({ row, resolved: threatSpec.resolved });
        const threatOperationIds = threatSpec.ops ? threatSpec.ops.map((op) => operationIds.get(op)).filter((id): id is string => Boolean(id)) : (rule?.operationIds ?? []);
        for (const operationId of threatOperationIds) plan.threatOperations.push({ orgId: org.id, threatId, operationId });

        const used = new Set<number>();
        for (const mit of threatSpec.mitigations ?? []) {
          const suggestion = mit.suggestion !== undefined ? entry?.mitigations[mit.suggestion] : undefined;
          if (mit.suggestion !== undefined) used.add(mit.suggestion);
          const title = suggestion?.title ?? mit.title;
          if (!title) continue;
          // Never before the threat it answers.
          const createdAt = new Date(Math.min(now.getTime(), Math.max(ago(mit.created).getTime(), threatCreated.getTime() + HOUR_MS)));
          const assigneeId = mit.status === "PROPOSED" ? null : person(mit.assignee);
          const verifiedAt = mit.status === "VERIFIED" && mit.verified !== undefined ? new Date(Math.min(now.getTime(), Math.max(ago(mit.verified).getTime(), createdAt.getTime() + HOUR_MS))) : null;
          const verifier = mit.verifier ?? Object.keys(org.users).find((key) => org.users[key]!.id !== assigneeId);
          const mitigationId = newId();
          if (mit.ref) mitigationRefs.set(mit.ref, mitigationId);
          const row: TMitigationRow = {
            id: mitigationId,
            orgId: org.id,
            title,
            description: suggestion?.description ?? mit.description ?? "",
            assigneeId,
            dueDate: null, // from the SLA once every link is known
            priority: 3,
            status: mit.status,
            wontDoReason: mit.status === "WONT_DO" ? (mit.wontDo ?? "Not needed for this API.") : null,
            evidenceUrl: mit.evidenceUrl ?? null,
            evidenceNote: mit.evidenceNote ?? (mit.status === "VERIFIED" && !mit.evidenceUrl ? "Verified in review." : null),
            ticketUrl: mit.ticket ?? null,
            verifiedById: verifiedAt ? person(verifier) : null,
            verifiedAt,
            dueDateManual: false,
            createdById: mit.by !== undefined ? person(mit.by) : (assigneeId ?? authorId),
            createdAt,
            updatedAt: verifiedAt ?? (mit.status === "PROPOSED" ? createdAt : new Date(Math.min(createdAt.getTime() + DAY_MS, now.getTime()))),
            version: mit.status === "PROPOSED" ? 1 : 2,
          };
          plan.mitigations.push(row);
          mitigationOrg.set(mitigationId, org);
          const start = mit.assigned !== undefined ? new Date(Math.min(now.getTime(), Math.max(ago(mit.assigned).getTime(), createdAt.getTime()))) : createdAt;
          pendingSla.push({ row, start, spec: mit });
          links.push({ orgId: org.id, threatId, mitigationId });
        }
        // The entry's other suggestions, proposed when the threat appeared (as the app does).
        const proposeRest = (modelSpec.proposeRest ?? true) && entry && !threatSpec.manual && !threatSpec.status;
        if (proposeRest) {
          proposedMitigations(entry).forEach((suggestion, index) => {
            if (used.has(index)) return;
            const mitigationId = newId();
            const row: TMitigationRow = {
              id: mitigationId,
              orgId: org.id,
              title: suggestion.title,
              description: suggestion.description,
              assigneeId: null,
              dueDate: null,
              priority: 3,
              status: suggestion.status,
              wontDoReason: null,
              evidenceUrl: null,
              evidenceNote: null,
              ticketUrl: null,
              verifiedById: null,
              verifiedAt: null,
              dueDateManual: false,
              createdById: authorId,
              createdAt: threatCreated,
              updatedAt: threatCreated,
              version: 1,
            };
            plan.mitigations.push(row);
            mitigationOrg.set(mitigationId, org);
            pendingSla.push({ row, start: threatCreated, spec: { status: "PROPOSED", created: 0 } });
            links.push({ orgId: org.id, threatId, mitigationId });
          });
        }
        for (const ref of threatSpec.links ?? []) pendingLinks.push({ orgId: org.id, threatId, ref });
      }
      modelFacts.push({ spec, model, threats });
    }
  }

  const linked = new Set(links.map((link) => `${link.threatId}|${link.mitigationId}`));
  for (const pending of pendingLinks) {
    const mitigationId = mitigationRefs.get(pending.ref);
    if (mitigationId && !linked.has(`${pending.threatId}|${mitigationId}`)) {
      linked.add(`${pending.threatId}|${mitigationId}`);
      links.push({ orgId: pending.orgId, threatId: pending.threatId, mitigationId });
    }
  }
  plan.threatMitigations = links;

  // SLA due dates and priorities follow the worst linked threat (as lib/server/mitigations does
  // when work is taken on); threats are mitigated only when every one of their mitigations is verified.
  const threatById = new Map(plan.threats.map((threat) => [threat.id, threat]));
  const mitigationById = new Map(plan.mitigations.map((mitigation) => [mitigation.id, mitigation]));
  const severitiesOf = new Map<string, Severity[]>();
  const mitigationsOf = new Map<string, TMitigationRow[]>();
  for (const link of links) {
    severitiesOf.set(link.mitigationId, [...(severitiesOf.get(link.mitigationId) ?? []), threatById.get(link.threatId)!.severity]);
    mitigationsOf.set(link.threatId, [...(mitigationsOf.get(link.threatId) ?? []), mitigationById.get(link.mitigationId)!]);
  }
  for (const { row, start, spec } of pendingSla) {
    const worst = worstSeverity(severitiesOf.get(row.id) ?? []);
    row.priority = spec.priority ?? PRIORITY[worst ?? "MEDIUM"];
    if (spec.due !== undefined) {
      row.dueDate = dueDateFromSla(ago(spec.due), 0);
      row.dueDateManual = true;
    } else if (row.assigneeId || row.status !== "PROPOSED") {
      row.dueDate = dueDateFromSla(start, slaDays(worst, mitigationOrg.get(row.id)!.sla));
      plan.slaStart.set(row.id, start);
    }
  }
  for (const { row: threat, resolved } of toMitigate) {
    const mine = mitigationsOf.get(threat.id) ?? [];
    if (mine.length && mine.every((mitigation) => mitigation.status === "VERIFIED" && mitigation.verifiedAt)) {
      const lastVerified = Math.max(...mine.map((mitigation) => mitigation.verifiedAt!.getTime()));
      threat.status = "MITIGATED";
      threat.version = 2;
      threat.updatedAt = new Date(Math.max(lastVerified, resolved !== undefined ? ago(resolved).getTime() : 0));
      resolvedAt.set(threat.id, threat.updatedAt);
    }
  }

  // Comments, one target each; mentions in the app's token format.
  for (const comment of scenario.comments ?? []) {
    const org = context.orgs[comment.org];
    const threatId = comment.threat ? threatIds.get(`${comment.threat[0]}|${comment.threat[1]}`) : undefined;
    const mitigationId = comment.mitigation ? mitigationRefs.get(comment.mitigation) : undefined;
    if (!org || !(threatId ?? mitigationId)) continue;
    const mentioned: string[] = [];
    const body = comment.body.replace(/\{\{mention:(\w+)\}\}/g, (_match, who: string) => {
      const user = org.users[who];
      if (!user) return who;
      mentioned.push(user.id);
      return `@[${user.name.replace(/[[\]\n]/g, "")}](mention:${user.id})`;
    });
    const at = ago(comment.at);
    plan.comments.push({ id: newId(), orgId: org.id, authorId: org.users[comment.by]?.id ?? null, threatId: threatId ?? null, mitigationId: threatId ? null : (mitigationId ?? null), body, mentionedUserIds: mentioned, createdAt: at, updatedAt: at });
  }

  plan.snapshots = buildSnapshots(context, modelFacts, resolvedAt);
  return plan;
}

/**
 * Past weeks of open threats per API, replaying the rows' timelines: at the end of each week, the
 * model the dashboard showed then (the latest approved by then, else the latest started) and its
 * threats found by then and not yet resolved; plus the API's `history` of since-closed work fading
 * out, with a little noise. Weeks before the API's first model are left out, as the snapshot job
 * would not have seen it. With `currentWeek`, this week's row counts at `now`, as the rollup does.
 */
function buildSnapshots(context: TBuildContext, models: TModelFacts[], resolvedAt: Map<string, Date>): TSnapshotRow[] {
  const { now } = context;
  const currentWeek = mondayOf(now);
  const rows: TSnapshotRow[] = [];
  const byApi = new Map<string, TModelFacts[]>();
  for (const facts of models) byApi.set(facts.model.apiId, [...(byApi.get(facts.model.apiId) ?? []), facts]);
  // An archived version stopped counting when the next one was approved.
  const archivedAt = new Map<string, Date>();
  for (const facts of models) {
    if (facts.model.previousVersionId && facts.model.approvedAt) archivedAt.set(facts.model.previousVersionId, facts.model.approvedAt);
  }
  for (const [apiId, versions] of byApi) {
    const spec = versions[0]!.spec;
    const first = Math.min(...versions.map((facts) => facts.model.createdAt.getTime()));
    // The oldest week the snapshot job could have seen this API: the history fades from there.
    let oldest = context.historyWeeks;
    while (oldest > 1 && currentWeek.getTime() - (oldest - 1) * 7 * DAY_MS <= first) oldest--;
    const count = (at: Date): Record<Severity, number> | null => {
      const started = versions.filter((facts) => facts.model.createdAt < at);
      const approvedThen = started
        .filter((facts) => facts.model.approvedAt && facts.model.approvedAt < at && !((archivedAt.get(facts.model.id) ?? at) < at))
        .sort((a, b) => b.model.approvedAt!.getTime() - a.model.approvedAt!.getTime())[0];
      const current = approvedThen ?? [...started].sort((a, b) => b.model.modelVersion - a.model.modelVersion)[0];
      if (!current) return null;
      const counts: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
      for (const threat of current.threats) {
        if (threat.createdAt >= at) continue;
        const closed = threat.status === "OPEN" ? null : (resolvedAt.get(threat.id) ?? threat.updatedAt);
        if (closed && closed < at) continue;
        counts[threat.severity]++;
      }
      return counts;
    };
    for (let weeksAgo = oldest; weeksAgo >= 1; weeksAgo--) {
      const weekStart = new Date(currentWeek.getTime() - weeksAgo * 7 * DAY_MS);
      const weekEnd = new Date(weekStart.getTime() + 7 * DAY_MS);
      if (weekEnd.getTime() <= first) continue;
      const counts = count(weekEnd);
      if (!counts) continue;
      const extra = spec.history ?? [0, 0, 0, 0];
      (["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).forEach((severity, index) => {
        const fading = oldest > 1 ? Math.round((extra[index]! * (weeksAgo - 1)) / (oldest - 1)) : 0;
        // A little deterministic wobble on the lesser severities while work was still being closed.
        const noise = severity !== "CRITICAL" && fading > 0 && weeksAgo < oldest && hash(`${spec.api}|${weeksAgo}|${severity}`) % 3 === 0 ? 1 : 0;
        counts[severity] += fading + noise;
      });
      rows.push(snapshotRow(apiId, versions[0]!.model.orgId, weekStart, counts, new Date(weekEnd.getTime() - HOUR_MS)));
    }
    if (context.currentWeek) {
      // The rollup's count: the current model's open threats now (the clock is `now`, so anything found by now counts).
      const counts = count(new Date(now.getTime() + 1));
      if (counts) rows.push(snapshotRow(apiId, versions[0]!.model.orgId, currentWeek, counts, now));
    }
  }
  return rows;
}

function snapshotRow(apiId: string, orgId: string, weekStart: Date, counts: Record<Severity, number>, takenAt: Date): TSnapshotRow {
  return { apiId, weekStart, orgId, openCritical: counts.CRITICAL, openHigh: counts.HIGH, openMedium: counts.MEDIUM, openLow: counts.LOW, takenAt };
}
