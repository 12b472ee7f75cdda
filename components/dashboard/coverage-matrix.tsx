"use client";

import Link from "next/link";
import { SEVERITY } from "@/components/threats/labels";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { TDashboard } from "@/lib/query/types";
import { OWASP_API_2023 } from "@/lib/core/threat-models/catalog-schema";
import { useDrillDown } from "./drill-down";
import { useOrg } from "@/components/shell/org-context";

const number = (value: number) => value.toLocaleString("en-GB");

/**
 * APIs × OWASP API Security Top 10 2023: not assessed, assessed with nothing open, or the worst
 * open severity (a link to those threats). A table with row and column headers, so each cell is
 * read with its API and category.
 */
export function CoverageMatrix({ coverage }: { coverage: TDashboard["coverage"] }) {
  const org = useOrg();
  const href = useDrillDown();
  const categories = coverage.summary.map((entry) => entry.category);
  return (
    <Card aria-labelledby="coverage-heading">
      <CardHeader
        id="coverage-heading"
        title="OWASP API Top 10 coverage"
        description={`Each API's current threat model against the 2023 categories${coverage.total > coverage.rows.length ? `: the ${coverage.rows.length} riskiest of ${number(coverage.total)} APIs` : ""}.`}
      />
      <div className="flex flex-wrap gap-4 px-5 pt-3 text-xs text-slate-700">
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-3 rounded border border-dashed border-slate-400 bg-white" /> Not assessed
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-3 rounded bg-emerald-100 ring-1 ring-emerald-300" /> Assessed, nothing open
        </span>
        {(["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const).map((severity) => (
          <span key={severity} className="flex items-center gap-1.5">
            <span aria-hidden className={cn("inline-block size-3 rounded", SEVERITY[severity].cell)} /> Worst open: {SEVERITY[severity].label.toLowerCase()}
          </span>
        ))}
      </div>
      <div className="overflow-x-auto p-5 pt-3">
        <table className="min-w-full border-separate border-spacing-1 text-center text-xs">
          <caption className="sr-only">OWASP API Top 10 coverage of the riskiest APIs</caption>
          <thead>
            <tr>
              <th scope="col" className="min-w-48 px-2 text-left font-semibold text-slate-600">
                API
              </th>
              {categories.map((category) => (
                <th key={category} scope="col" className="w-[4.5rem] font-semibold text-slate-600">
                  <abbr title={OWASP_API_2023[category as keyof typeof OWASP_API_2023]} className="no-underline">
                    {category}
                  </abbr>
                </th>
              ))}
            </tr>
            <tr>
              <th scope="row" className="px-2 text-left font-normal text-slate-600">
                All {number(coverage.total)} APIs: open / clean / not assessed
              </th>
              {coverage.summary.map((entry) => (
                <td key={entry.category} className="text-[11px] tabular-nums text-slate-700">
                  <Link href={href("/threats", { owasp: entry.category })} className="font-semibold text-red-800 hover:underline" aria-label={`${entry.category}: ${entry.open} APIs with open threats`}>
                    {entry.open}
                  </Link>
                  {" / "}
                  <span aria-label={`${entry.clean} assessed with nothing open`}>{entry.clean}</span>
                  {" / "}
                  <span aria-label={`${entry.notAssessed} not assessed`}>{entry.notAssessed}</span>
                </td>
              ))}
            </tr>
          </thead>
          <tbody>
            {coverage.rows.map((api) => (
              <tr key={api.id}>
                <th scope="row" className="max-w-64 truncate px-2 text-left font-medium">
                  <Link href={api.modelId ? `/${org.slug}/threat-models/${api.modelId}` : `/${org.slug}/apis/${api.id}`} className="text-brand-700 hover:underline">
                    {api.name}
                  </Link>
                </th>
                {api.cells.map((cell, index) => {
                  const category = categories[index]!;
                  if (cell.state === "open") {
                    return (
                      <td key={category} className="p-0">
                        <Link
                          href={href("/threats", { apiId: api.id, owasp: category })}
                          className={cn("flex h-8 items-center justify-center rounded font-semibold hover:ring-2 hover:ring-slate-700", SEVERITY[cell.severity].cell)}
                          aria-label={`${api.name}, ${category}: worst open threat ${SEVERITY[cell.severity].label.toLowerCase()}`}
                        >
                          {SEVERITY[cell.severity].label}
                        </Link>
                      </td>
                    );
                  }
                  return (
                    <td key={category} className="p-0">
                      <span
                        role="img"
                        aria-label={`${api.name}, ${category}: ${cell.state === "clean" ? "assessed, nothing open" : "not assessed"}`}
                        className={cn("flex h-8 items-center justify-center rounded", cell.state === "clean" ? "bg-emerald-100 text-emerald-900 ring-1 ring-emerald-300" : "border border-dashed border-slate-300 text-slate-500")}
                      >
                        {cell.state === "clean" ? "✓" : "–"}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
