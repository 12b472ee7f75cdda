import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { Severity } from "@/lib/generated/prisma/enums";
import { severityOf, type TRiskBands } from "@/lib/core/threats/risk";
import { SEVERITY } from "./labels";

type Cell = { likelihood: number; impact: number };

/**
 * Likelihood × impact with the number of open threats in each cell, coloured by the
 * organisation's bands. A table, so a screen reader reads it row by row with its headers.
 * Counts come from a model's threats, or ready-made (`heat`, index (likelihood - 1) * 5 +
 * (impact - 1)) on the dashboard, where each cell links to the threats behind it (`hrefFor`).
 */
export function RiskMatrix({
  threats,
  heat,
  bands,
  selected,
  onSelect,
  hrefFor,
}: {
  threats?: { likelihood: number; impact: number; status: string }[];
  heat?: number[];
  bands: TRiskBands;
  selected?: Cell | null;
  onSelect?: (cell: Cell | null) => void;
  hrefFor?: (cell: Cell) => string;
}) {
  const open = (threats ?? []).filter((threat) => threat.status === "OPEN");
  const count = (likelihood: number, impact: number) => (heat ? (heat[(likelihood - 1) * 5 + (impact - 1)] ?? 0) : open.filter((threat) => threat.likelihood === likelihood && threat.impact === impact).length);
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-1 text-center text-sm">
        <caption className="pb-2 text-left text-sm text-slate-700">Open threats by likelihood (rows) and impact (columns)</caption>
        <thead>
          <tr>
            <th scope="col" className="px-1 text-left text-[11px] font-medium leading-tight text-slate-600">
              Likelihood ↓<br />Impact →
            </th>
            {[1, 2, 3, 4, 5].map((impact) => (
              <th key={impact} scope="col" className="w-12 text-xs font-medium text-slate-600">
                {impact}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[5, 4, 3, 2, 1].map((likelihood) => (
            <tr key={likelihood}>
              <th scope="row" className="px-2 text-xs font-medium text-slate-600">
                {likelihood}
              </th>
              {[1, 2, 3, 4, 5].map((impact) => {
                const severity: Severity = severityOf(likelihood * impact, bands);
                const n = count(likelihood, impact);
                const isSelected = selected?.likelihood === likelihood && selected.impact === impact;
                const label = `Likelihood ${likelihood}, impact ${impact}: ${n} open threat${n === 1 ? "" : "s"}, ${SEVERITY[severity].label.toLowerCase()}`;
                const cellClass = cn("h-11 w-12 rounded-md text-base font-semibold tabular-nums", SEVERITY[severity].cell, n === 0 && "opacity-50", isSelected && "ring-2 ring-slate-900");
                if (hrefFor) {
                  return (
                    <td key={impact} className="p-0">
                      {n > 0 ? (
                        <Link href={hrefFor({ likelihood, impact })} aria-label={label} className={cn(cellClass, "flex items-center justify-center hover:ring-2 hover:ring-slate-700")}>
                          {n}
                        </Link>
                      ) : (
                        <span aria-label={label} role="img" className={cn(cellClass, "flex items-center justify-center")} />
                      )}
                    </td>
                  );
                }
                return (
                  <td key={impact} className="p-0">
                    <button
                      type="button"
                      disabled={!onSelect || n === 0}
                      onClick={() => onSelect?.(isSelected ? null : { likelihood, impact })}
                      aria-pressed={onSelect ? isSelected : undefined}
                      aria-label={label}
                      className={cellClass}
                    >
                      {n || ""}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 flex flex-wrap gap-3 text-xs text-slate-700">
        {(["LOW", "MEDIUM", "HIGH", "CRITICAL"] as Severity[]).map((severity) => (
          <span key={severity} className="flex items-center gap-1.5">
            <span aria-hidden className={cn("inline-block size-3 rounded", SEVERITY[severity].cell)} />
            {SEVERITY[severity].label}
            {severity === "LOW" ? ` (1–${bands.mediumFrom - 1})` : severity === "MEDIUM" ? ` (${bands.mediumFrom}–${bands.highFrom - 1})` : severity === "HIGH" ? ` (${bands.highFrom}–${bands.criticalFrom - 1})` : ` (${bands.criticalFrom}–25)`}
          </span>
        ))}
      </p>
    </div>
  );
}
