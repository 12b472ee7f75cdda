"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TableHead } from "@/components/ui/table-head";
import { ShowMore } from "@/components/ui/show-more";
import { useFindings } from "@/lib/query/specs";
import type { TFindingFilters, TLintSeverity } from "@/lib/query/types";
import { MethodBadge, ruleLabel, SEVERITY_INFO, SeverityBadge } from "./labels";

const BAR: Record<TLintSeverity, string> = { ERROR: "bg-red-500", WARN: "bg-amber-400", INFO: "bg-sky-400", HINT: "bg-slate-300" };

export function FindingsPanel({ apiId }: { apiId: string }) {
  const org = useOrg();
  const [filters, setFilters] = useState<TFindingFilters>({});
  const query = useFindings(org.slug, apiId, filters);
  const first = query.data?.pages[0];
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];
  const rules = first?.rules ?? [];
  const max = Math.max(1, ...rules.map((rule) => rule.count));
  const totals = (["ERROR", "WARN", "INFO", "HINT"] as TLintSeverity[]).map((severity) => ({
    severity,
    count: rules.filter((rule) => rule.severity === severity).reduce((sum, rule) => sum + rule.count, 0),
  }));

  if (query.isError) return <Alert tone="error" className="m-4">{query.error.message}</Alert>;
  if (!first) return <TableSkeleton label="Loading findings" />;
  if (rules.length === 0) {
    return <EmptyState title="No lint findings" description="Findings appear here after a spec is imported: Bulwark lints every import with the OWASP API Security ruleset (Spectral)." />;
  }

  return (
    <div className="grid gap-0 lg:grid-cols-[22rem_1fr]">
      <section aria-labelledby="rules-heading" className="border-b border-slate-200 p-4 lg:border-b-0 lg:border-r">
        <h3 id="rules-heading" className="text-sm font-semibold text-slate-900">
          Findings by rule
        </h3>
        <p className="mt-1 text-xs text-slate-600">
          {totals.filter((t) => t.count).map((t) => `${t.count} ${SEVERITY_INFO[t.severity].label.toLowerCase()}${t.count === 1 ? "" : "s"}`).join(" · ")}
        </p>
        <ul className="mt-3 space-y-1.5">
          {rules.map((rule) => {
            const active = filters.rule === rule.ruleId;
            return (
              <li key={`${rule.ruleId}-${rule.severity}`}>
                <button
                  type="button"
                  aria-pressed={active}
                  onClick={() => setFilters((f) => ({ ...f, rule: active ? undefined : rule.ruleId }))}
                  className={cn("w-full rounded-md px-2 py-1.5 text-left text-xs hover:bg-slate-100", active && "bg-brand-50 ring-1 ring-brand-500")}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="truncate font-medium text-slate-800" title={rule.ruleId}>
                      {ruleLabel(rule.ruleId)}
                    </span>
                    <span className="tabular-nums text-slate-700">{rule.count}</span>
                  </span>
                  <span aria-hidden className="mt-1 block h-1.5 rounded bg-slate-100">
                    <span className={cn("block h-1.5 rounded", BAR[rule.severity])} style={{ width: `${(rule.count / max) * 100}%` }} />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-label="Findings" className="min-w-0">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 p-3">
          <span className="text-sm text-slate-700" aria-live="polite">
            {first.total} finding{first.total === 1 ? "" : "s"}
            {filters.rule ? ` for ${ruleLabel(filters.rule)}` : ""}
          </span>
          <div className="ml-auto flex gap-1" role="group" aria-label="Severity">
            {(["ERROR", "WARN", "INFO"] as TLintSeverity[]).map((severity) => (
              <Button key={severity} size="sm" variant={filters.severity === severity ? "primary" : "secondary"} aria-pressed={filters.severity === severity} onClick={() => setFilters((f) => ({ ...f, severity: f.severity === severity ? undefined : severity }))}>
                {SEVERITY_INFO[severity].label}s
              </Button>
            ))}
          </div>
        </div>
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Lint findings of the latest spec import</caption>
            <TableHead cell="px-4 py-2" columns={["Severity", "Finding", "Where"]} />
            <tbody className="divide-y divide-slate-100">
              {rows.map((finding) => (
                <tr key={finding.id}>
                  <td className="px-4 py-2 align-top">
                    <SeverityBadge severity={finding.severity} />
                  </td>
                  <td className="px-4 py-2 align-top">
                    <p className="text-slate-900">{finding.message}</p>
                    <p className="mt-0.5 font-mono text-xs text-slate-600">{finding.ruleId}</p>
                  </td>
                  <td className="px-4 py-2 align-top text-xs text-slate-700">
                    {finding.operation ? (
                      <span className="flex items-center gap-1.5">
                        <MethodBadge method={finding.operation.method} />
                        <code className="break-all">{finding.operation.path}</code>
                      </span>
                    ) : (
                      <code className="break-all">{finding.path || "/"}</code>
                    )}
                    {finding.line && <span className="mt-0.5 block text-slate-600">line {finding.line}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ShowMore query={query} shown={rows.length} total={first.total} />
      </section>
    </div>
  );
}
