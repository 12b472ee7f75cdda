"use client";

import Link from "next/link";
import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { SEVERITY, SeverityBadge } from "@/components/threats/labels";
import { RiskMatrix } from "@/components/threats/risk-matrix";
import { ExportButton } from "@/components/exports/export-button";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { Spinner } from "@/components/ui/spinner";
import { CLASSIFICATION, EXPOSURE, optionsOf } from "@/components/apis/labels";
import type { Severity } from "@/lib/generated/prisma/enums";
import { useDashboard } from "@/lib/query/dashboard";
import { useTeams } from "@/lib/query/members";
import type { TDashboard } from "@/lib/query/types";
import { useUrlFilters } from "@/lib/query/use-url-filters";
import { ChartFigure } from "./chart-figure";
import { PORTFOLIO_FILTER_KEYS, useDrillDown } from "./drill-down";
import { CoverageMatrix } from "./coverage-matrix";
import { SEVERITY_COLOUR, TeamChart, TrendChart } from "./charts";

const SEVERITIES: Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
// Formatters made once: toLocaleString with options builds a new formatter on every call.
const COUNT = new Intl.NumberFormat("en-GB");
const DAYS = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const DAY_MONTH = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const DAY_MONTH_UTC = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const number = (value: number) => COUNT.format(value);

/** What the server renders into the page: the key figures, so they arrive with the HTML. */
export type TDashboardSummary = Pick<TDashboard, "generatedAt" | "reviewIntervalDays" | "figures">;

export function Dashboard({ initialSummary, initialFilters }: { initialSummary: TDashboardSummary; initialFilters: string }) {
  const org = useOrg();
  const { filters, setFilter, clear } = useUrlFilters(PORTFOLIO_FILTER_KEYS);
  // The page carries only the figures; charts, matrix and lists come from the (cached) JSON
  // endpoint after hydration, which keeps the page's own response small and fast at scale.
  const dashboard = useDashboard(org.slug, filters);
  const teams = useTeams(org.slug);
  const data = dashboard.data;
  const summary: TDashboardSummary | undefined = data ?? (JSON.stringify(filters) === initialFilters ? initialSummary : undefined);
  const active = Object.keys(filters).length > 0;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Dashboard</h1>
          <p className="mt-1 text-sm text-slate-600">Where the risk is, who is late, and which APIs nobody has looked at.</p>
        </div>
        <div className="flex items-start gap-4">
          <p className="flex items-center gap-2 pt-3 text-xs text-slate-600" aria-live="polite">
            {dashboard.isFetching && <Spinner className="size-4" label="Updating the dashboard" />}
            {summary && `As of ${TIME.format(new Date(summary.generatedAt))}`}
          </p>
          <ExportButton label="Portfolio PDF" request={{ kind: "portfolio-pdf", filters: { team: filters.team, exposure: filters.exposure, tag: filters.tag, classification: filters.classification } }} />
        </div>
      </div>

      <Card>
        <FilterBar
          label="Filter the dashboard"
          columns={5}
          filters={filters}
          setFilter={setFilter}
          selects={[
            { key: "team", id: "dashboard-team", label: "Team", options: (teams.data ?? []).map((team) => ({ value: team.name, label: team.name })) },
            { key: "exposure", id: "dashboard-exposure", label: "Exposure", options: optionsOf(EXPOSURE) },
            { key: "classification", id: "dashboard-classification", label: "Classification", options: optionsOf(CLASSIFICATION) },
          ]}
          onClear={clear}
        >
          {/* Remounts when the URL's tag changes (a link, Back), so the box shows it. */}
          <TagFilter key={filters.tag ?? ""} value={filters.tag ?? ""} onApply={(value) => setFilter("tag", value)} />
        </FilterBar>
      </Card>

      {dashboard.isError && <Alert tone="error">{dashboard.error.message}</Alert>}
      {!summary ? (
        <div className="flex justify-center p-12">
          <Spinner label="Loading the dashboard" />
        </div>
      ) : summary.figures.apis === 0 ? (
        <Card>
          <EmptyState title={active ? "No APIs match these filters" : "No APIs yet"} description={active ? "Clear a filter to see more." : "Add or import your APIs, then threat-model them; the dashboard fills in as you go."} />
        </Card>
      ) : (
        <>
          <KeyFigures summary={summary} />
          {data ? (
            <DashboardDetails data={data} />
          ) : (
            <Card className="flex justify-center p-12">
              <Spinner label="Loading charts, coverage and lists" />
            </Card>
          )}
        </>
      )}
    </div>
  );
}

function KeyFigures({ summary }: { summary: TDashboardSummary }) {
  const href = useDrillDown();
  const { figures } = summary;
  const openTotal = SEVERITIES.reduce((sum, severity) => sum + figures.open[severity], 0);
  const share = figures.apis ? Math.round((figures.freshlyModelled / figures.apis) * 100) : 0;
  const since90 = new Date(Date.parse(summary.generatedAt) - 90 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

  return (
    <section aria-label="Key figures" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      <Figure title="APIs in the inventory" value={number(figures.apis)} href={href("/apis", { lifecycle: "DESIGN,ACTIVE,DEPRECATED" })} note="Retired APIs are not counted." />
      <Figure
        title="With a current threat model"
        value={`${share}%`}
        href={href("/apis", { model: "current", lifecycle: "DESIGN,ACTIVE,DEPRECATED" })}
        note={`${number(figures.freshlyModelled)} of ${number(figures.apis)} have a model approved in the last ${summary.reviewIntervalDays} days.`}
      >
        <div role="progressbar" aria-label="Share with a current threat model" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share} className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200">
          <div className="h-2 rounded-full bg-brand-600" style={{ width: `${share}%` }} />
        </div>
      </Figure>
      <Figure
        title="Internet-facing without a current model"
        value={number(figures.internetWithoutModel)}
        href={href("/apis", { exposure: "INTERNET", model: "outdated", lifecycle: "DESIGN,ACTIVE,DEPRECATED" })}
        tone={figures.internetWithoutModel ? "danger" : "ok"}
        note="Exposed to anyone, and nobody has looked at them lately."
      />
      <Card as="section" aria-labelledby="open-threats-heading" className="p-5">
        <h2 id="open-threats-heading" className="text-sm font-medium text-slate-700">
          Open threats
        </h2>
        <p className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">
          <Link href={href("/threats")} className="hover:underline" aria-label={`${number(openTotal)} open threats: see them all`}>
            {number(openTotal)}
          </Link>
        </p>
        <ul className="mt-2 flex flex-wrap gap-2 text-sm">
          {SEVERITIES.map((severity) => (
            <li key={severity}>
              <Link href={href("/threats", { severity })} className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 ring-1 ring-slate-200 hover:bg-slate-50" data-testid={`open-${severity}`}>
                <span aria-hidden className="size-2.5 rounded-full" style={{ background: SEVERITY_COLOUR[severity] }} />
                <span className="tabular-nums font-semibold">{number(figures.open[severity])}</span> {SEVERITY[severity].label.toLowerCase()}
              </Link>
            </li>
          ))}
        </ul>
      </Card>
      <Figure
        title="Overdue mitigations"
        value={number(figures.overdueMitigations)}
        href={href("/mitigations", { overdue: "true" })}
        tone={figures.overdueMitigations ? "danger" : "ok"}
        note="Planned work past its due date."
      />
      <Card as="section" aria-labelledby="mttm-heading" className="p-5">
        <h2 id="mttm-heading" className="text-sm font-medium text-slate-700">
          Mean time to mitigate, last 90 days
        </h2>
        {figures.meanDaysToMitigate.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Nothing verified in the last 90 days.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {figures.meanDaysToMitigate.map((entry) => (
              <li key={entry.severity} className="flex items-center justify-between gap-2">
                <SeverityBadge severity={entry.severity} />
                <Link href={href("/mitigations", { verifiedAfter: since90, severity: entry.severity })} className="tabular-nums hover:underline" data-testid={`mttm-${entry.severity}`}>
                  <span className="font-semibold">{DAYS.format(entry.meanDays)} days</span> <span className="text-slate-600">({entry.count} verified)</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </section>
  );
}

function DashboardDetails({ data }: { data: TDashboard }) {
  const org = useOrg();
  const href = useDrillDown();
  return (
    <>
      <div className="grid gap-6 xl:grid-cols-[1fr_auto]">
        <ChartFigure
          title="Open risk over time"
          description="Open threats by severity, week by week, as recorded; this week is live."
          rows={data.trend}
          rowKey={(point) => point.week}
          columns={[{ header: "Week of", cell: (point) => (point.live ? "This week" : point.week) }, ...SEVERITIES.map((severity) => ({ header: SEVERITY[severity].label, cell: (point: TDashboard["trend"][number]) => point.open[severity], numeric: true }))]}
        >
          {data.trend.length > 1 ? <TrendChart trend={data.trend} /> : <p className="py-10 text-center text-sm text-slate-600">History builds up week by week from now on.</p>}
        </ChartFigure>
        <Card as="section" aria-labelledby="heat-heading" className="p-5">
          <h2 id="heat-heading" className="text-base font-semibold text-slate-900">
            Where the open risk sits
          </h2>
          <p className="mt-0.5 mb-3 text-sm text-slate-600">Select a cell to see its threats.</p>
          <RiskMatrix heat={data.heat} bands={data.riskBands} hrefFor={(cell) => href("/threats", { likelihood: String(cell.likelihood), impact: String(cell.impact) })} />
        </Card>
      </div>

      <ChartFigure
        title="Open risk by owning team"
        description="Open threats of each team's APIs, by severity."
        rows={data.teams}
        rowKey={(team) => team.team}
        columns={[
          { header: "Team", cell: (team) => (team.team ? <Link href={href("/threats", { team: team.team })} className="text-brand-700 underline">{team.team}</Link> : "No team") },
          ...SEVERITIES.map((severity) => ({ header: SEVERITY[severity].label, cell: (team: TDashboard["teams"][number]) => team.open[severity], numeric: true })),
        ]}
      >
        <TeamChart teams={data.teams} />
      </ChartFigure>

      <CoverageMatrix coverage={data.coverage} />

      <div className="grid gap-6 lg:grid-cols-2">
        <ListCard id="top-apis" title="Riskiest APIs" description="By the summed score of their open threats." empty="No open threats.">
          {data.topApis.map((api) => (
            <li key={api.id} className="flex items-center justify-between gap-3 px-5 py-2.5">
              <div className="min-w-0">
                <Link href={`/${org.slug}/apis/${api.id}`} className="font-medium text-brand-700 hover:underline">
                  {api.name}
                </Link>
                <p className="text-xs text-slate-600">{[api.team, api.exposure.toLowerCase()].filter(Boolean).join(" · ")}</p>
              </div>
              <div className="flex shrink-0 items-center gap-1 text-xs tabular-nums">
                {SEVERITIES.filter((severity) => api.open[severity]).map((severity) => (
                  <span key={severity} className={`rounded px-1.5 py-0.5 font-semibold ${SEVERITY[severity].cell}`}>
                    {api.open[severity]} {SEVERITY[severity].label.toLowerCase()}
                  </span>
                ))}
              </div>
            </li>
          ))}
        </ListCard>
        <ListCard id="overdue" title={`Overdue mitigations (${number(data.overdue.count)})`} description="Oldest due date first." empty="Nothing is overdue." more={data.overdue.count > data.overdue.items.length ? { href: href("/mitigations", { overdue: "true" }), label: `All ${number(data.overdue.count)} overdue mitigations` } : undefined}>
          {data.overdue.items.map((item) => (
            <li key={item.id} className="flex items-center justify-between gap-3 px-5 py-2.5">
              <div className="min-w-0">
                <Link href={`/${org.slug}/mitigations/${item.id}`} className="font-medium text-brand-700 hover:underline">
                  {item.title}
                </Link>
                <p className="text-xs text-slate-600">{[item.api, item.assignee ?? "unassigned"].filter(Boolean).join(" · ")}</p>
              </div>
              <time dateTime={item.dueDate} className="shrink-0 text-xs font-medium text-red-700">
                due {DAY_MONTH_UTC.format(new Date(item.dueDate))}
              </time>
            </li>
          ))}
        </ListCard>
        <ListCard id="reviews" title={`Waiting for review (${number(data.reviews.count)})`} description="Threat models submitted and not yet approved." empty="No models are waiting." more={data.reviews.count > data.reviews.items.length ? { href: `/${org.slug}/threat-models?status=IN_REVIEW`, label: `All ${number(data.reviews.count)} models in review` } : undefined}>
          {data.reviews.items.map((review) => (
            <li key={review.id} className="px-5 py-2.5">
              <Link href={`/${org.slug}/threat-models/${review.id}?tab=review`} className="font-medium text-brand-700 hover:underline">
                {review.title}
              </Link>
              <p className="text-xs text-slate-600">
                {review.api} · version {review.modelVersion}
                {review.submittedAt && ` · submitted ${DAY_MONTH.format(new Date(review.submittedAt))}`}
              </p>
            </li>
          ))}
        </ListCard>
        <ListCard
          id="new-operations"
          title={`New since the last approved model (${number(data.newOperations.count)})`}
          description={`Operations added to ${number(data.newOperations.apis)} API${data.newOperations.apis === 1 ? "" : "s"} after their model was approved: not yet threat-modelled.`}
          empty="Every operation was there when its model was approved."
        >
          {data.newOperations.items.map((operation) => (
            <li key={operation.id} className="flex items-center justify-between gap-3 px-5 py-2.5">
              <div className="min-w-0">
                <code className="font-mono text-xs text-slate-900">
                  {operation.method} {operation.path}
                </code>
                <p className="text-xs text-slate-600">
                  <Link href={`/${org.slug}/apis/${operation.apiId}?tab=operations`} className="text-brand-700 hover:underline">
                    {operation.api}
                  </Link>
                </p>
              </div>
              <time dateTime={operation.createdAt} className="shrink-0 text-xs text-slate-600">
                {DAY_MONTH.format(new Date(operation.createdAt))}
              </time>
            </li>
          ))}
        </ListCard>
      </div>
    </>
  );
}

function Figure({ title, value, href, note, tone, children }: { title: string; value: string; href: string; note?: string; tone?: "danger" | "ok"; children?: React.ReactNode }) {
  const id = `figure-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <Card as="section" aria-labelledby={id} className="p-5">
      <h2 id={id} className="text-sm font-medium text-slate-700">
        {title}
      </h2>
      <p className={`mt-1 text-3xl font-semibold tabular-nums ${tone === "danger" ? "text-red-700" : "text-slate-900"}`}>
        <Link href={href} className="hover:underline" data-testid={id}>
          {value}
        </Link>
      </p>
      {children}
      {note && <p className="mt-2 text-xs text-slate-600">{note}</p>}
    </Card>
  );
}

function ListCard({ id, title, description, empty, more, children }: { id: string; title: string; description: string; empty: string; more?: { href: string; label: string }; children: React.ReactNode[] }) {
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <CardHeader id={`${id}-heading`} title={title} description={description} />
      {children.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-labelledby={`${id}-heading`}>
          {children}
        </ul>
      )}
      {more && (
        <p className="border-t border-slate-200 px-5 py-2.5 text-sm">
          <Link href={more.href} className="text-brand-700 hover:underline">
            {more.label} →
          </Link>
        </p>
      )}
    </Card>
  );
}

function TagFilter({ value, onApply }: { value: string; onApply: (tag: string) => void }) {
  const [tag, setTag] = useState(value);
  const apply = () => {
    const next = tag.trim().toLowerCase();
    if (next !== value) onApply(next);
  };
  return (
    <div>
      <label htmlFor="dashboard-tag" className="sr-only">
        Tag
      </label>
      <Input id="dashboard-tag" placeholder="Tag, then Enter" value={tag} onChange={(event) => setTag(event.target.value)} onBlur={apply} onKeyDown={(event) => event.key === "Enter" && (event.preventDefault(), apply())} />
    </div>
  );
}
