"use client";

import Link from "next/link";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { FilterSelect } from "@/components/ui/filter-select";
import { ShowMore } from "@/components/ui/show-more";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TableHead } from "@/components/ui/table-head";
import { useThreatRegister } from "@/lib/query/dashboard";
import { useDebouncedSearch, useUrlFilters } from "@/lib/query/use-url-filters";
import { OWASP_API_2023 } from "@/lib/core/threat-models/catalog-schema";
import { SEVERITY, SeverityBadge, THREAT_STATUS, ThreatStatusBadge } from "./labels";

const FILTER_KEYS = ["status", "severity", "owasp", "likelihood", "impact", "apiId", "team", "exposure", "tag", "classification", "q"] as const;
// Filters the dashboard sets that have no dropdown here: shown as removable chips.
const CHIP_LABEL: Partial<Record<(typeof FILTER_KEYS)[number], string>> = { likelihood: "Likelihood", impact: "Impact", apiId: "One API", team: "Team", exposure: "Exposure", tag: "Tag", classification: "Classification" };

/** Every open threat of each API's current model, riskiest first: the list behind the dashboard's numbers. */
export function ThreatRegister() {
  const org = useOrg();
  const { filters, setFilter, clear } = useUrlFilters(FILTER_KEYS);
  const [search, setSearch] = useDebouncedSearch(filters.q, (value) => setFilter("q", value));
  const query = useThreatRegister(org.slug, filters);
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];
  const total = query.data?.pages[0]?.total ?? 0;
  const chips = (Object.keys(CHIP_LABEL) as (keyof typeof CHIP_LABEL)[]).filter((key) => filters[key]);

  return (
    <Card>
      <FilterBar
        label="Filter threats"
        columns={5}
        className="border-b border-slate-200"
        filters={filters}
        setFilter={setFilter}
        search={{ id: "threat-search", label: "Search threats", placeholder: "Search titles…", value: search, onChange: setSearch }}
        chips={chips.map((key) => ({ key, label: CHIP_LABEL[key]!, value: key === "apiId" ? (rows[0]?.threatModel.api.name ?? "…") : filters[key]! }))}
        onClear={() => (setSearch(""), clear())}
      >
        {/* Not a plain dropdown: no status means open threats, and "any" is a value of its own. */}
        <div>
          <label htmlFor="threat-filter-status" className="sr-only">
            Status
          </label>
          <Select id="threat-filter-status" value={filters.status ?? ""} onChange={(event) => setFilter("status", event.target.value)}>
            <option value="">Open</option>
            {(Object.keys(THREAT_STATUS) as (keyof typeof THREAT_STATUS)[])
              .filter((status) => status !== "OPEN")
              .map((status) => (
                <option key={status} value={status}>
                  {THREAT_STATUS[status].label}
                </option>
              ))}
            <option value={Object.keys(THREAT_STATUS).join(",")}>Any status</option>
          </Select>
        </div>
        <FilterSelect
          id="threat-filter-severity"
          label="Severity"
          value={filters.severity}
          onChange={(value) => setFilter("severity", value)}
          options={(["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).map((severity) => ({ value: severity, label: SEVERITY[severity].label }))}
        />
        <FilterSelect id="threat-filter-owasp" label="OWASP category" value={filters.owasp} onChange={(value) => setFilter("owasp", value)} options={Object.entries(OWASP_API_2023).map(([id, name]) => ({ value: id, label: `${id} ${name}` }))} />
      </FilterBar>
      <p className="px-4 py-2 text-sm text-slate-600" aria-live="polite">
        {query.data ? (total === 0 ? "No threats match" : `${rows.length} of ${total.toLocaleString("en-GB")} ${filters.status ? "" : "open "}threat${total === 1 ? "" : "s"}, highest score first`) : "Loading threats…"}
      </p>
      {query.isError ? (
        <Alert tone="error" className="m-4">
          {query.error.message}
        </Alert>
      ) : !query.data ? (
        <TableSkeleton rows={6} label="Loading threats" />
      ) : rows.length === 0 ? (
        <EmptyState title="No threats match" description={Object.keys(filters).length ? "Clear a filter to see more." : "Threats appear here when a threat model finds them."} />
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Threats</caption>
            <TableHead columns={["Threat", "API", "Severity", "Score", "OWASP", "Status", { key: "mitigations", label: "Mitigations", className: "text-right" }]} />
            <tbody className="divide-y divide-slate-100">
              {rows.map((threat) => (
                <tr key={threat.id}>
                  <td className="max-w-md px-4 py-3">
                    <Link href={`/${org.slug}/threat-models/${threat.threatModel.id}?tab=threats`} className="font-medium text-brand-700 hover:underline">
                      {threat.title}
                    </Link>
                    <div className="text-xs text-slate-600">{threat.category}</div>
                  </td>
                  <td className="px-4 py-3">
                    <Link href={`/${org.slug}/apis/${threat.threatModel.api.id}`} className="hover:underline">
                      {threat.threatModel.api.name}
                    </Link>
                    <div className="text-xs text-slate-600">{[threat.threatModel.api.team?.name, `model v${threat.threatModel.modelVersion}`].filter(Boolean).join(" · ")}</div>
                  </td>
                  <td className="px-4 py-3">
                    <SeverityBadge severity={threat.severity} />
                  </td>
                  <td className="px-4 py-3 tabular-nums">
                    {threat.score} <span className="text-xs text-slate-600">(L{threat.likelihood} × I{threat.impact})</span>
                  </td>
                  <td className="px-4 py-3">{threat.owaspApiId ? <abbr title={OWASP_API_2023[threat.owaspApiId as keyof typeof OWASP_API_2023]}>{threat.owaspApiId}</abbr> : "—"}</td>
                  <td className="px-4 py-3">
                    <ThreatStatusBadge status={threat.status} />
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{threat.mitigationCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore query={query} shown={rows.length} total={total} />
    </Card>
  );
}
