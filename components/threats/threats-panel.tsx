"use client";

import Link from "next/link";
import { useState } from "react";
import { CommentThread } from "@/components/comments/comment-thread";
import { AddMitigationDialog } from "@/components/mitigations/add-mitigation-dialog";
import { MitigationStatusBadge } from "@/components/mitigations/labels";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { TThreatItem, TThreatModelDetail } from "@/lib/query/types";
import { useOperations } from "@/lib/query/specs";
import { useSaveThreat } from "@/lib/query/threats";
import { SeverityBadge, THREAT_SOURCE, ThreatStatusBadge } from "./labels";
import { RiskMatrix } from "./risk-matrix";
import { ThreatDialog } from "./threat-dialog";

export function ThreatsPanel({ model, editable }: { model: TThreatModelDetail; editable: boolean }) {
  const org = useOrg();
  const [editing, setEditing] = useState<TThreatItem | "new" | null>(null);
  const [addingTo, setAddingTo] = useState<TThreatItem | null>(null);
  const [discussing, setDiscussing] = useState<string | null>(null);
  const save = useSaveThreat(org.slug, model.id);
  // After approval the analysis is frozen but the work goes on: status, acceptance, mitigations.
  const trackable = model.status === "APPROVED" && org.can("threat:write");
  const canPlan = (editable || trackable) && org.can("threat:write");
  const [cell, setCell] = useState<{ likelihood: number; impact: number } | null>(null);
  const operations = useOperations(org.slug, model.api.id, {});
  const operationList = operations.data?.pages.flatMap((page) => page.data).map(({ id, method, path }) => ({ id, method, path })) ?? [];
  const shown = cell ? model.threats.filter((threat) => threat.likelihood === cell.likelihood && threat.impact === cell.impact && threat.status === "OPEN") : model.threats;

  return (
    <div className="grid gap-0 xl:grid-cols-[1fr_26rem]">
      <section aria-label="Threats" className="min-w-0">
        <div className="flex items-center justify-between gap-2 border-b border-slate-200 p-3">
          <p className="text-sm text-slate-700" aria-live="polite">
            {cell ? `${shown.length} open threat${shown.length === 1 ? "" : "s"} at likelihood ${cell.likelihood}, impact ${cell.impact}` : `${model.threats.length} threat${model.threats.length === 1 ? "" : "s"}`}
            {cell && (
              <Button variant="ghost" size="sm" className="ml-2" onClick={() => setCell(null)}>
                Show all
              </Button>
            )}
          </p>
          {editable && (
            <Button size="sm" onClick={() => setEditing("new")}>
              Add threat
            </Button>
          )}
        </div>
        {shown.length === 0 ? (
          <EmptyState title="No threats yet" description="Answer the checklist: every “yes” or “unsure” becomes a threat with suggested mitigations." />
        ) : (
          <ul className="divide-y divide-slate-100">
            {shown.map((threat) => (
              <li key={threat.id} className="px-4 py-3">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">{threat.title}</p>
                    <p className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                      <SeverityBadge severity={threat.severity} />
                      <span className="tabular-nums">
                        score {threat.score} (L{threat.likelihood} × I{threat.impact})
                      </span>
                      <ThreatStatusBadge status={threat.status} />
                      {threat.owaspApiId && <Badge tone="brand">OWASP {threat.owaspApiId}</Badge>}
                      <span>· {THREAT_SOURCE[threat.source]}</span>
                    </p>
                  </div>
                  {(editable || trackable) && (
                    <Button variant="secondary" size="sm" onClick={() => setEditing(threat)}>
                      {editable ? "Edit" : "Update status"}
                      <span className="sr-only"> of {threat.title}</span>
                    </Button>
                  )}
                </div>
                {threat.mitigatedProposal && (
                  <Alert
                    tone="success"
                    className="mt-2"
                    actions={
                      canPlan ? (
                        <Button size="sm" loading={save.isPending && save.variables?.id === threat.id} onClick={() => save.mutate({ id: threat.id, update: { status: "MITIGATED", version: threat.version } })}>
                          Mark mitigated<span className="sr-only"> {threat.title}</span>
                        </Button>
                      ) : undefined
                    }
                  >
                    Every linked mitigation is verified: this threat can be marked mitigated.
                  </Alert>
                )}
                {threat.operations.length > 0 && (
                  <p className="mt-1.5 text-xs text-slate-700">
                    Affects{" "}
                    {threat.operations
                      .slice(0, 4)
                      .map((operation) => `${operation.method} ${operation.path}`)
                      .join(", ")}
                    {threat.operations.length > 4 ? ` and ${threat.operations.length - 4} more` : ""}
                  </p>
                )}
                {threat.mitigations.length > 0 && (
                  <div className="mt-2 text-xs text-slate-700">
                    <p className="font-medium text-slate-800">Mitigations</p>
                    <ul className="mt-1 space-y-1">
                      {threat.mitigations.map((mitigation) => (
                        <li key={mitigation.id} className="flex flex-wrap items-center gap-1.5">
                          <Link href={`/${org.slug}/mitigations/${mitigation.id}`} className="font-medium text-brand-700 hover:underline">
                            {mitigation.title}
                          </Link>
                          <MitigationStatusBadge status={mitigation.status} />
                          <span className="text-slate-600">{mitigation.assignee ? mitigation.assignee.name : "unassigned"}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                <div className="mt-2 flex flex-wrap gap-1">
                  {canPlan && (
                    <Button variant="ghost" size="sm" onClick={() => setAddingTo(threat)}>
                      Add mitigation<span className="sr-only"> for {threat.title}</span>
                    </Button>
                  )}
                  <Button variant="ghost" size="sm" aria-expanded={discussing === threat.id} onClick={() => setDiscussing(discussing === threat.id ? null : threat.id)}>
                    {discussing === threat.id ? "Hide discussion" : "Discussion"}
                    <span className="sr-only"> of {threat.title}</span>
                  </Button>
                </div>
                {discussing === threat.id && (
                  <div className="mt-2 rounded-md ring-1 ring-slate-200">
                    <CommentThread target={{ kind: "threats", id: threat.id }} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="matrix-heading" className="border-t border-slate-200 p-4 xl:border-l xl:border-t-0">
        <h3 id="matrix-heading" className="mb-2 text-sm font-semibold text-slate-900">
          Risk matrix
        </h3>
        <RiskMatrix threats={model.threats} bands={model.riskBands} selected={cell} onSelect={setCell} />
      </section>
      {editing && (
        <ThreatDialog
          key={editing === "new" ? "new" : editing.id}
          modelId={model.id}
          threat={editing === "new" ? null : editing}
          operations={operationList}
          bands={model.riskBands}
          open
          onClose={() => setEditing(null)}
          trackingOnly={!editable}
        />
      )}
      {addingTo && <AddMitigationDialog threat={addingTo} onClose={() => setAddingTo(null)} />}
    </div>
  );
}
