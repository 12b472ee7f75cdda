import Ajv, { type ErrorObject } from "ajv";
import type { TFieldError } from "@/lib/core/app-error";
import type { TThreatModelReportData } from "@/lib/core/exports/report-data";
import { humanise } from "@/lib/core/exports/pdf/labels";
import { httpUrl } from "@/lib/validation/url";
import OTM_SCHEMA from "./otm-schema.json";

// The Open Threat Model format (IriusRisk, Threat Dragon, StartLeft): a Bulwark model written as
// OTM, and an OTM file read into what Bulwark stores. Pure: no database here.
//
// Bulwark's model maps onto OTM like this: the callers' trust zone (by exposure) and the
// service's zone; components for the callers, the API and each operation a threat names; one
// data flow callers → API; assets from the data classification and flags; the threats, with
// likelihood and impact 1–5 scaled to OTM's 0–100 (×20); the mitigations, with their status as
// the state of each threat's mitigation. Everything OTM has no field for travels in
// `attributes` under "bulwark:" keys, so a Bulwark → OTM → Bulwark trip keeps it.

export const OTM_VERSION = "0.2.0";
export { OTM_SCHEMA };

export type TOtmThreatInstance = { threat: string; state: string; mitigations?: { mitigation: string; state: string }[] };
export type TOtm = {
  otmVersion: string;
  project: { name: string; id: string; description?: string; owner?: string; ownerContact?: string; tags?: string[]; attributes?: Record<string, unknown> };
  representations?: unknown[];
  assets?: { id: string; name: string; description?: string; risk: { confidentiality: number; integrity: number; availability: number; comment?: string }; attributes?: Record<string, unknown> }[];
  trustZones?: { id: string; name: string; type?: string; description?: string; risk: { trustRating: number }; parent?: { trustZone?: string; component?: string }; attributes?: Record<string, unknown> }[];
  components?: { id: string; name: string; type: string; description?: string; parent: { trustZone?: string; component?: string }; assets?: { processed?: string[]; stored?: string[] }; threats?: TOtmThreatInstance[]; tags?: string[]; attributes?: Record<string, unknown> }[];
  dataflows?: { id: string; name: string; description?: string; bidirectional?: boolean; source: string; destination: string; assets?: string[]; threats?: TOtmThreatInstance[]; tags?: string[]; attributes?: Record<string, unknown> }[];
  threats?: { id: string; name: string; description?: string; categories?: string[]; cwes?: string[]; risk: { likelihood: number; impact: number; likelihoodComment?: string; impactComment?: string }; tags?: string[]; attributes?: Record<string, unknown> }[];
  mitigations?: { id: string; name: string; description?: string; riskReduction: number; attributes?: Record<string, unknown> }[];
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateSchema = ajv.compile<TOtm>(OTM_SCHEMA);

// ---- validation ------------------------------------------------------------------------------

function describe(error: ErrorObject): { pointer: string; detail: string } {
  const base = error.instancePath;
  switch (error.keyword) {
    case "required":
      return { pointer: `${base}/${String(error.params.missingProperty)}`, detail: "is required" };
    case "type":
      return { pointer: base, detail: `must be ${error.params.type === "array" ? "a list" : error.params.type === "object" ? "an object" : `a ${String(error.params.type)}`}` };
    case "minimum":
    case "maximum":
      return { pointer: base, detail: "must be a number from 0 to 100" };
    case "minLength":
      return { pointer: base, detail: "must not be empty" };
    case "pattern":
      return { pointer: base, detail: base === "/otmVersion" ? "must be an OTM version Bulwark reads: 0.1.x or 0.2.x" : `must match ${String(error.params.pattern)}` };
    case "oneOf":
      return { pointer: base, detail: "must name exactly one parent: either trustZone or component" };
    default:
      return { pointer: base, detail: error.message ?? "is not valid" };
  }
}

const field = (pointer: string) => pointer.split("/").slice(1).join(".") || "body";

// The OTM attribute that becomes a mitigation's ticket link: held to the forms' rule (http(s)
// only), so an imported file cannot store a javascript: link the UI would render as an href.
const TICKET_URL = "bulwark:ticketUrl";
const ZTicketUrl = httpUrl("The ticket link", "link");

/**
 * Schema errors first; then what a schema cannot say: ids must be unique and every reference
 * (parents, threat and mitigation instances, data flow ends) must name something in the file.
 */
export function validateOtm(document: unknown): { ok: true; otm: TOtm } | { ok: false; errors: TFieldError[] } {
  if (!validateSchema(document)) {
    const seen = new Set<string>();
    const errors: TFieldError[] = [];
    for (const error of validateSchema.errors ?? []) {
      // oneOf reports its branches too; the oneOf message says it better.
      if (error.schemaPath.includes("/oneOf/")) continue;
      const { pointer, detail } = describe(error);
      const key = `${pointer} ${detail}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push({ field: field(pointer), pointer, detail });
    }
    return { ok: false, errors: errors.slice(0, 50) };
  }
  const otm = document;
  const errors: TFieldError[] = [];
  const add = (pointer: string, detail: string) => errors.length < 50 && errors.push({ field: field(pointer), pointer, detail });
  const ids = (list: { id: string }[] | undefined, name: string) => {
    const set = new Set<string>();
    list?.forEach((item, index) => {
      if (set.has(item.id)) add(`/${name}/${index}/id`, `repeats the id "${item.id}"`);
      set.add(item.id);
    });
    return set;
  };
  const zones = ids(otm.trustZones, "trustZones");
  const components = ids(otm.components, "components");
  const threats = ids(otm.threats, "threats");
  const mitigations = ids(otm.mitigations, "mitigations");
  const assets = ids(otm.assets, "assets");
  const checkParent = (parent: { trustZone?: string; component?: string } | undefined, pointer: string) => {
    if (parent?.trustZone !== undefined && !zones.has(parent.trustZone)) add(`${pointer}/trustZone`, `names no trust zone of this file ("${parent.trustZone}")`);
    if (parent?.component !== undefined && !components.has(parent.component)) add(`${pointer}/component`, `names no component of this file ("${parent.component}")`);
  };
  const checkInstances = (instances: TOtmThreatInstance[] | undefined, pointer: string) =>
    instances?.forEach((instance, index) => {
      if (!threats.has(instance.threat)) add(`${pointer}/${index}/threat`, `names no threat of this file ("${instance.threat}")`);
      instance.mitigations?.forEach((link, linkIndex) => {
        if (!mitigations.has(link.mitigation)) add(`${pointer}/${index}/mitigations/${linkIndex}/mitigation`, `names no mitigation of this file ("${link.mitigation}")`);
      });
    });
  otm.trustZones?.forEach((zone, index) => checkParent(zone.parent, `/trustZones/${index}/parent`));
  otm.components?.forEach((component, index) => {
    checkParent(component.parent, `/components/${index}/parent`);
    checkInstances(component.threats, `/components/${index}/threats`);
    for (const kind of ["processed", "stored"] as const) {
      component.assets?.[kind]?.forEach((asset, assetIndex) => {
        if (!assets.has(asset)) add(`/components/${index}/assets/${kind}/${assetIndex}`, `names no asset of this file ("${asset}")`);
      });
    }
  });
  otm.dataflows?.forEach((flow, index) => {
    for (const end of ["source", "destination"] as const) {
      if (!components.has(flow[end]) && !zones.has(flow[end])) add(`/dataflows/${index}/${end}`, `names no component of this file ("${flow[end]}")`);
    }
    checkInstances(flow.threats, `/dataflows/${index}/threats`);
  });
  otm.mitigations?.forEach((mitigation, index) => {
    const value = mitigation.attributes?.[TICKET_URL];
    if (value === undefined || value === null) return;
    const result = ZTicketUrl.safeParse(value);
    if (!result.success) add(`/mitigations/${index}/attributes/${TICKET_URL}`, result.error.issues[0]!.message);
  });
  return errors.length ? { ok: false, errors } : { ok: true, otm };
}

// ---- Bulwark → OTM ---------------------------------------------------------------------------

const THREAT_STATE = { OPEN: "exposed", MITIGATED: "mitigated", ACCEPTED: "accepted", TRANSFERRED: "transferred", NOT_APPLICABLE: "not-applicable" } as const;
const MITIGATION_STATE = { PROPOSED: "recommended", PLANNED: "required", IN_PROGRESS: "required", IMPLEMENTED: "implemented", VERIFIED: "implemented", WONT_DO: "rejected" } as const;
const STRIDE_NAME: Record<string, string> = { S: "Spoofing", T: "Tampering", R: "Repudiation", I: "Information disclosure", D: "Denial of service", E: "Elevation of privilege" };
const TRUST = { INTERNET: { name: "Internet", rating: 10 }, PARTNER: { name: "Partner network", rating: 40 }, INTERNAL: { name: "Internal network", rating: 70 } } as const;
const CIA: Record<string, [number, number, number]> = { PUBLIC: [0, 50, 50], INTERNAL: [40, 60, 60], CONFIDENTIAL: [70, 70, 70], RESTRICTED: [100, 100, 80] };

const compact = <T extends Record<string, unknown>>(object: T): T => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined && value !== "")) as T;

/**
 * Why the spec rules linked each threat to this operation, keyed by threat id. OTM's threat
 * instances take no extra fields, so the reasons travel in the component's free-form attributes.
 */
function linkReasons(threats: TThreatModelReportData["threats"], operation: string): { attributes?: Record<string, unknown> } {
  const byThreat = Object.fromEntries(
    threats.flatMap((threat) => {
      const reasons = threat.operations.find((linked) => linked.label === operation)?.reasons ?? [];
      return reasons.length > 0 ? [[threat.id, reasons]] : [];
    }),
  );
  return Object.keys(byThreat).length > 0 ? { attributes: { "bulwark:linkReasons": byThreat } } : {};
}

export type TOtmThreatExtra = { catalogEntryKey: string | null; cwes: string[] };

export function toOtm(data: TThreatModelReportData, extra: Map<string, TOtmThreatExtra> = new Map()): TOtm {
  const { model, api } = data;
  const exposure = TRUST[api.exposure as keyof typeof TRUST] ?? TRUST.INTERNAL;
  const [confidentiality, integrity, availability] = CIA[api.dataClassification] ?? CIA.INTERNAL!;
  const assets: NonNullable<TOtm["assets"]> = [
    { id: "api-data", name: `${humanise(api.dataClassification)} data of ${api.name}`, risk: { confidentiality, integrity, availability, comment: `Classified ${api.dataClassification.toLowerCase()} in Bulwark.` } },
    ...api.dataFlags.map((flag) => ({ id: `data-${flag.toLowerCase()}`, name: flag === "CREDENTIALS" ? "Credentials" : flag, risk: { confidentiality: 100, integrity: 80, availability: 50 } })),
  ];
  const operations = [...new Set(data.threats.flatMap((threat) => threat.operations.map((operation) => operation.label)))].sort();
  const operationId = new Map(operations.map((operation, index) => [operation, `operation-${index + 1}`]));
  const mitigationsOf = (threat: TThreatModelReportData["threats"][number]) =>
    threat.mitigationIds.flatMap((id) => {
      const mitigation = data.mitigations.find((candidate) => candidate.id === id);
      return mitigation ? [{ mitigation: id, state: MITIGATION_STATE[mitigation.status] }] : [];
    });
  const instance = (threat: TThreatModelReportData["threats"][number]): TOtmThreatInstance => ({ threat: threat.id, state: THREAT_STATE[threat.status], mitigations: mitigationsOf(threat) });

  return {
    otmVersion: OTM_VERSION,
    project: compact({
      name: `${api.name}: ${model.title}`,
      id: `bulwark-${model.id}`,
      description: model.scope || undefined,
      owner: model.author?.name,
      ownerContact: model.author?.email,
      tags: ["bulwark", `status:${model.status.toLowerCase()}`],
      attributes: compact({
        "bulwark:api": api.name,
        "bulwark:modelTitle": model.title,
        "bulwark:modelVersion": String(model.modelVersion),
        "bulwark:status": model.status,
        "bulwark:assumptions": model.assumptions || undefined,
        "bulwark:organization": data.org.name,
        "bulwark:exportedAt": data.generatedAt,
      }),
    }),
    assets,
    trustZones: [
      { id: "callers", name: exposure.name, type: "network", description: `Where ${api.name}'s callers are.`, risk: { trustRating: exposure.rating } },
      { id: "service", name: `${api.name} service`, type: "service", risk: { trustRating: 90 } },
    ],
    components: [
      { id: "callers", name: "API callers", type: "generic-client", parent: { trustZone: "callers" } },
      compact({
        id: "api",
        name: api.name,
        type: "web-service",
        description: api.description || undefined,
        parent: { trustZone: "service" },
        assets: { processed: assets.map((asset) => asset.id) },
        tags: [api.protocol.toLowerCase(), ...api.authSchemes.map((scheme) => scheme.toLowerCase())],
        threats: data.threats.filter((threat) => threat.operations.length === 0).map(instance),
        attributes: compact({ "bulwark:exposure": api.exposure, "bulwark:lifecycle": api.lifecycle, "bulwark:team": api.team ?? undefined }),
      }),
      ...operations.map((operation) => ({
        id: operationId.get(operation)!,
        name: operation,
        type: "api-operation",
        parent: { component: "api" },
        threats: data.threats.filter((threat) => threat.operations.some((linked) => linked.label === operation)).map(instance),
        ...linkReasons(data.threats, operation),
      })),
    ],
    dataflows: [{ id: "requests", name: `Requests to ${api.name}`, bidirectional: true, source: "callers", destination: "api", assets: assets.map((asset) => asset.id) }],
    threats: data.threats.map((threat) => {
      const more = extra.get(threat.id);
      return compact({
        id: threat.id,
        name: threat.title,
        description: threat.description || undefined,
        categories: [humanise(threat.category), ...(threat.owaspApiId ? [threat.owaspApiId] : []), ...threat.stride.map((letter) => STRIDE_NAME[letter] ?? letter)],
        cwes: more?.cwes ?? [],
        risk: { likelihood: threat.likelihood * 20, impact: threat.impact * 20 },
        tags: [threat.severity.toLowerCase()],
        attributes: compact({
          "bulwark:likelihood": String(threat.likelihood),
          "bulwark:impact": String(threat.impact),
          "bulwark:severity": threat.severity,
          "bulwark:status": threat.status,
          "bulwark:category": threat.category,
          "bulwark:source": threat.source,
          "bulwark:catalogEntryKey": more?.catalogEntryKey ?? undefined,
          "bulwark:acceptanceJustification": threat.acceptanceJustification ?? undefined,
          "bulwark:acceptanceExpiresAt": threat.acceptanceExpiresAt ?? undefined,
        }),
      });
    }),
    mitigations: data.mitigations.map((mitigation) =>
      compact({
        id: mitigation.id,
        name: mitigation.title,
        description: mitigation.description || undefined,
        // Bulwark records whether a control is in place, not how much of the risk it removes.
        riskReduction: 100,
        attributes: compact({
          "bulwark:status": mitigation.status,
          "bulwark:assignee": mitigation.assignee?.email,
          "bulwark:dueDate": mitigation.dueDate ?? undefined,
          [TICKET_URL]: mitigation.ticketUrl ?? undefined,
        }),
      }),
    ),
  };
}

// ---- OTM → Bulwark ---------------------------------------------------------------------------

type TThreatStatus = keyof typeof THREAT_STATE;
type TMitigationStatus = keyof typeof MITIGATION_STATE;

export type TOtmImportPlan = {
  title: string;
  scope: string;
  assumptions: string;
  threats: {
    key: string;
    title: string;
    description: string;
    category: string;
    owaspApiId: string | null;
    stride: string[];
    likelihood: number;
    impact: number;
    status: TThreatStatus;
    acceptanceJustification: string | null;
    acceptanceExpiresAt: string | null;
    operations: string[];
  }[];
  mitigations: { key: string; title: string; description: string; status: TMitigationStatus; assigneeEmail: string | null; dueDate: string | null; ticketUrl: string | null; threatKeys: string[] }[];
  /** Mitigations no threat refers to: Bulwark's mitigations always answer a threat. */
  skippedMitigations: string[];
};

const text = (value: unknown) => (typeof value === "string" ? value : "");
const attribute = (attributes: Record<string, unknown> | undefined, key: string) => (typeof attributes?.[key] === "string" ? (attributes[key] as string) : null);
/** OTM's 0–100 back to 1–5: 0–20 → 1, 21–40 → 2, … 81–100 → 5. */
export const fromPercent = (value: number) => Math.min(5, Math.max(1, Math.ceil(value / 20)));
const oneToFive = (value: string | null) => (value && /^[1-5]$/.test(value) ? Number(value) : null);
const STRIDE_LETTER = Object.fromEntries(Object.entries(STRIDE_NAME).map(([letter, name]) => [name.toLowerCase(), letter]));

const THREAT_FROM_STATE: Record<string, TThreatStatus> = { exposed: "OPEN", open: "OPEN", expose: "OPEN", mitigated: "MITIGATED", mitigate: "MITIGATED", accepted: "ACCEPTED", accept: "ACCEPTED", transferred: "TRANSFERRED", "not-applicable": "NOT_APPLICABLE", "not applicable": "NOT_APPLICABLE", na: "NOT_APPLICABLE" };
const MITIGATION_FROM_STATE: Record<string, TMitigationStatus> = { recommended: "PROPOSED", proposed: "PROPOSED", required: "PLANNED", planned: "PLANNED", "in-progress": "IN_PROGRESS", implemented: "IMPLEMENTED", rejected: "WONT_DO", "not-applicable": "WONT_DO" };

const isStatus = <T extends string>(values: Record<T, unknown>, value: string | null): value is T => value !== null && value in values;

export function planOtmImport(otm: TOtm): TOtmImportPlan {
  const instances = [...(otm.components ?? []).map((component) => ({ component, list: component.threats ?? [] })), ...(otm.dataflows ?? []).map((flow) => ({ component: null, list: flow.threats ?? [] }))];
  const threats = (otm.threats ?? []).map((threat) => {
    const mine = instances.flatMap(({ component, list }) => list.filter((item) => item.threat === threat.id).map((item) => ({ component, item })));
    const recorded = attribute(threat.attributes, "bulwark:status");
    const stateStatus = mine.map(({ item }) => THREAT_FROM_STATE[item.state.trim().toLowerCase()]).find(Boolean);
    const categories = threat.categories ?? [];
    const owasp = categories.map((category) => /^(API(?:10|[1-9]))\b/i.exec(category.trim())?.[1]?.toUpperCase()).find(Boolean) ?? null;
    const stride = [...new Set(categories.flatMap((category) => STRIDE_LETTER[category.trim().toLowerCase()] ?? []))];
    const plain = categories.find((category) => !/^API(?:10|[1-9])\b/i.test(category.trim()) && !STRIDE_LETTER[category.trim().toLowerCase()]);
    const status: TThreatStatus = isStatus(THREAT_STATE, recorded) ? recorded : (stateStatus ?? "OPEN");
    return {
      key: threat.id,
      title: threat.name.trim().slice(0, 200),
      description: text(threat.description).slice(0, 5000),
      category: attribute(threat.attributes, "bulwark:category") ?? (plain ? plain.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "imported" : "imported"),
      owaspApiId: owasp,
      stride,
      likelihood: oneToFive(attribute(threat.attributes, "bulwark:likelihood")) ?? fromPercent(threat.risk.likelihood),
      impact: oneToFive(attribute(threat.attributes, "bulwark:impact")) ?? fromPercent(threat.risk.impact),
      status,
      acceptanceJustification: status === "ACCEPTED" ? (attribute(threat.attributes, "bulwark:acceptanceJustification") ?? "Accepted in the imported threat model.") : null,
      acceptanceExpiresAt: status === "ACCEPTED" ? attribute(threat.attributes, "bulwark:acceptanceExpiresAt") : null,
      operations: [...new Set(mine.flatMap(({ component }) => (component?.type === "api-operation" ? [component.name] : [])))],
    };
  });
  const links = new Map<string, { threatKeys: Set<string>; states: string[] }>();
  for (const { list } of instances) {
    for (const item of list) {
      for (const link of item.mitigations ?? []) {
        const entry = links.get(link.mitigation) ?? { threatKeys: new Set(), states: [] };
        entry.threatKeys.add(item.threat);
        entry.states.push(link.state.trim().toLowerCase());
        links.set(link.mitigation, entry);
      }
    }
  }
  const mitigations: TOtmImportPlan["mitigations"] = [];
  const skippedMitigations: string[] = [];
  for (const mitigation of otm.mitigations ?? []) {
    const link = links.get(mitigation.id);
    if (!link) {
      skippedMitigations.push(mitigation.name);
      continue;
    }
    const recorded = attribute(mitigation.attributes, "bulwark:status");
    const fromState = link.states.map((state) => MITIGATION_FROM_STATE[state]).find(Boolean);
    // validateOtm has refused anything but an http(s) link; parsing again trims it as the forms do.
    const ticketUrl = ZTicketUrl.safeParse(mitigation.attributes?.[TICKET_URL]);
    const dueDate = attribute(mitigation.attributes, "bulwark:dueDate");
    mitigations.push({
      key: mitigation.id,
      title: mitigation.name.trim().slice(0, 200),
      description: text(mitigation.description).slice(0, 5000),
      status: isStatus(MITIGATION_STATE, recorded) ? recorded : (fromState ?? "PROPOSED"),
      assigneeEmail: attribute(mitigation.attributes, "bulwark:assignee"),
      dueDate: dueDate && !Number.isNaN(Date.parse(dueDate)) ? dueDate : null,
      ticketUrl: ticketUrl.success ? ticketUrl.data : null,
      threatKeys: [...link.threatKeys],
    });
  }
  const attributes = otm.project.attributes;
  return {
    title: (attribute(attributes, "bulwark:modelTitle") ?? otm.project.name).trim().slice(0, 160),
    scope: text(otm.project.description).slice(0, 5000),
    assumptions: (attribute(attributes, "bulwark:assumptions") ?? "").slice(0, 5000),
    threats,
    mitigations,
    skippedMitigations,
  };
}
