"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { TThreatItem, TThreatModelDetail } from "@/lib/query/types";
import { useOperations } from "@/lib/query/hooks";
import { SeverityBadge, THREAT_SOURCE, ThreatStatusBadge } from "./labels";
import { RiskMatrix } from "./risk-matrix";
import { ThreatDialog } from "./threat-dialog";

export function ThreatsPanel({ model, editable }: { model: TThreatModelDetail; editable: boolean }) {
  const org = useOrg();
  const [editing, setEditing] = useState<TThreatItem | "new" | null>(null);
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
                  {editable && (
                    <Button variant="secondary" size="sm" onClick={() => setEditing(threat)}>
                      Edit<span className="sr-only"> {threat.title}</span>
                    </Button>
                  )}
                </div>
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
                  <details className="mt-1.5 text-xs text-slate-700">
                    <summary className="cursor-pointer">
                      {threat.mitigations.length} suggested mitigation{threat.mitigations.length === 1 ? "" : "s"}
                    </summary>
                    <ul className="mt-1 list-disc space-y-0.5 pl-5">
                      {threat.mitigations.map((mitigation) => (
                        <li key={mitigation.id}>
                          <span className="font-medium text-slate-800">{mitigation.title}</span> <Badge>{mitigation.status.toLowerCase().replace("_", " ")}</Badge>
                        </li>
                      ))}
                    </ul>
                  </details>
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
        />
      )}
    </div>
  );
}
