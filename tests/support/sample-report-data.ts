import type { TThreatModelReportData } from "@/lib/core/exports/report-data";
import type { Severity } from "@/lib/generated/prisma/enums";

// A threat model's report data as lib/server/exports fills it, for the renderers' tests.
export function sampleModel(threats: number): TThreatModelReportData {
  const owners = [
    { name: "Ada Lovelace", email: "ada@example.test" },
    { name: "Grace Hopper", email: "grace@example.test" },
    { name: "Zoë Åström", email: "zoe@example.test" },
  ];
  const rows = Array.from({ length: threats }, (_, index) => {
    const likelihood = (index % 5) + 1;
    const impact = ((index * 3) % 5) + 1;
    const score = likelihood * impact;
    return {
      id: `t${index}`,
      title: `Threat number ${index + 1}: caller reads another tenant's record ${index + 1}`,
      description: `Detailed description ${index + 1}. `.repeat(3),
      category: "broken-object-authorization",
      owaspApiId: "API1",
      stride: ["I", "E"],
      likelihood,
      impact,
      score,
      severity: score >= 20 ? "CRITICAL" : score >= 10 ? "HIGH" : score >= 5 ? "MEDIUM" : ("LOW" as Severity),
      status: index % 7 === 0 ? ("MITIGATED" as const) : ("OPEN" as const),
      acceptanceJustification: null,
      acceptanceExpiresAt: null,
      source: "MANUAL",
      operations: [{ label: `GET /orders/{id}/${index}`, reasons: [] as string[] }],
      mitigationIds: [`m${index}`],
    };
  });
  return {
    generatedAt: "2026-11-28T10:00:00.000Z",
    generatedBy: "Report Reader",
    org: { name: "Acme Payments", slug: "acme-payments" },
    model: {
      id: "model1",
      title: "Payments threat model",
      modelVersion: 2,
      status: "APPROVED",
      scope: "Card payments, refunds and payouts.",
      assumptions: "The gateway terminates TLS.",
      author: owners[0]!,
      reviewer: owners[1]!,
      approvedBy: owners[1]!,
      approvedAt: "2026-11-20T09:00:00.000Z",
      submittedAt: "2026-11-19T09:00:00.000Z",
      createdAt: "2026-11-01T09:00:00.000Z",
      updatedAt: "2026-11-20T09:00:00.000Z",
    },
    api: {
      name: "Payments API",
      description: "Takes card payments.",
      exposure: "INTERNET",
      dataClassification: "RESTRICTED",
      dataFlags: ["PCI", "PII"],
      authSchemes: ["OAUTH2_OIDC"],
      protocol: "REST",
      lifecycle: "ACTIVE",
      team: "Payments Core",
      owner: owners[2]!,
      apiVersion: "2.1",
      environments: [{ name: "prod", baseUrl: "https://pay.example.com" }],
      operations: 42,
      operationsWithoutAuth: 3,
    },
    bands: { mediumFrom: 5, highFrom: 10, criticalFrom: 20 },
    threats: rows,
    mitigations: rows.map((row, index) => ({
      id: `m${index}`,
      title: `Mitigation ${index + 1} for threat ${index + 1}`,
      description: "",
      status: index % 3 === 0 ? ("VERIFIED" as const) : ("IN_PROGRESS" as const),
      assignee: owners[index % 3]!,
      dueDate: index % 4 === 0 ? "2026-10-01T00:00:00.000Z" : "2027-01-15T00:00:00.000Z",
      ticketUrl: null,
      evidence: null,
      threatIds: [row.id],
    })),
    answers: [
      { category: "authorization", entryKey: "api1", title: "Can a caller read another customer's order by changing the id?", answer: "YES", note: "Seen in review", ruleReason: null, confirmed: true },
      { category: "authentication", entryKey: "api2", title: "Is every operation behind authentication?", answer: null, note: "", ruleReason: null, confirmed: false },
    ],
    reviews: [{ action: "APPROVED", actor: "Grace Hopper", comment: "Looks complete.", createdAt: "2026-11-20T09:00:00.000Z" }],
  };
}
