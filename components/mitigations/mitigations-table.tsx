"use client";

import Link from "next/link";
import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { SeverityBadge } from "@/components/threats/labels";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/field";
import { FilterBar } from "@/components/ui/filter-bar";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TableHead } from "@/components/ui/table-head";
import { ShowMore } from "@/components/ui/show-more";
import type { MitigationStatus } from "@/lib/generated/prisma/enums";
import { ApiError } from "@/lib/query/fetcher";
import { useApis } from "@/lib/query/apis";
import { useMembers } from "@/lib/query/members";
import { useBulkMitigations, useMitigations } from "@/lib/query/mitigations";
import { useDebouncedSearch, useUrlFilters } from "@/lib/query/use-url-filters";
import { DueDate, MITIGATION_STATUS, MITIGATION_STATUSES, MitigationStatusBadge, PRIORITY_LABEL } from "./labels";

const FILTER_KEYS = ["status", "assignee", "apiId", "severity", "dueBefore", "q", "overdue", "verifiedAfter", "team", "exposure", "tag", "classification"] as const;
// Filters the dashboard links set that have no control here: shown as removable chips.
const CHIPS: Partial<Record<(typeof FILTER_KEYS)[number], string>> = { overdue: "Overdue", verifiedAfter: "Verified since", team: "Team", exposure: "Exposure", tag: "Tag", classification: "Classification" };
const OPEN = "PROPOSED,PLANNED,IN_PROGRESS";

export function MitigationsTable() {
  const org = useOrg();
  const { filters, setFilter, clear } = useUrlFilters(FILTER_KEYS);
  const [search, setSearch] = useDebouncedSearch(filters.q, (value) => setFilter("q", value));
  const query = useMitigations(org.slug, filters);
  const members = useMembers(org.slug);
  const apis = useApis(org.slug, { limit: 100 });
  const bulk = useBulkMitigations(org.slug);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkAssignee, setBulkAssignee] = useState("");
  const [bulkStatus, setBulkStatus] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const canWrite = org.can("threat:write");


  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];
  const total = query.data?.pages[0]?.total ?? 0;
  const visibleSelected = rows.filter((row) => selected.has(row.id));
  const allSelected = rows.length > 0 && visibleSelected.length === rows.length;
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function applyBulk(event: React.FormEvent) {
    event.preventDefault();
    setDone(null);
    const ids = visibleSelected.map((row) => row.id);
    const change = {
      ...(bulkAssignee ? { assigneeId: bulkAssignee === "none" ? null : bulkAssignee } : {}),
      ...(bulkStatus ? { status: bulkStatus as MitigationStatus } : {}),
    };
    try {
      const result = await bulk.mutateAsync({ ids, ...change });
      setDone(`Updated ${result.updated} mitigation${result.updated === 1 ? "" : "s"}.`);
      setSelected(new Set());
      setBulkAssignee("");
      setBulkStatus("");
    } catch {
      // The alert below shows the server's message; nothing was changed.
    }
  }

  const memberOptions = (members.data ?? []).map((member) => ({ value: member.user.id, label: member.user.name }));

  return (
    <Card>
      <FilterBar
        label="Filter mitigations"
        columns={6}
        className="border-b border-slate-200"
        filters={filters}
        setFilter={setFilter}
        search={{ id: "mitigation-search", label: "Search mitigations", placeholder: "Search titles…", value: search, onChange: setSearch }}
        selects={[
          { key: "status", id: "filter-status", label: "Status", options: [{ value: OPEN, label: "Open (not yet implemented)" }, ...MITIGATION_STATUSES.map((status) => ({ value: status, label: MITIGATION_STATUS[status].label }))] },
          { key: "assignee", id: "filter-assignee", label: "Assignee", options: [{ value: "me", label: "Me" }, { value: "none", label: "Unassigned" }, ...memberOptions] },
          { key: "apiId", id: "filter-api", label: "API", options: (apis.data?.data ?? []).map((api) => ({ value: api.id, label: api.name })) },
          {
            key: "severity",
            id: "filter-severity",
            label: "Severity",
            options: [
              { value: "CRITICAL", label: "Critical" },
              { value: "CRITICAL,HIGH", label: "High or critical" },
              { value: "HIGH", label: "High" },
              { value: "MEDIUM", label: "Medium" },
              { value: "LOW", label: "Low" },
            ],
          },
        ]}
        chips={(Object.keys(CHIPS) as (keyof typeof CHIPS)[]).filter((key) => filters[key]).map((key) => ({ key, label: CHIPS[key]!, value: key === "overdue" ? "yes" : filters[key]! }))}
        onClear={() => (setSearch(""), clear())}
      >
        <div className="flex items-center gap-2 lg:col-span-2">
          <label htmlFor="filter-due" className="whitespace-nowrap text-sm text-slate-700">
            Due before
          </label>
          <Input id="filter-due" type="date" value={filters.dueBefore ?? ""} onChange={(e) => setFilter("dueBefore", e.target.value)} />
        </div>
      </FilterBar>

      {canWrite && visibleSelected.length > 0 && (
        <form onSubmit={applyBulk} aria-label="Change selected mitigations" className="flex flex-wrap items-end gap-3 border-b border-slate-200 bg-brand-50 px-4 py-3">
          <p className="text-sm font-medium text-brand-900">{visibleSelected.length} selected</p>
          <div>
            <label htmlFor="bulk-assignee" className="block text-xs font-medium text-slate-800">
              Assign to
            </label>
            <Select id="bulk-assignee" className="mt-1 w-52" value={bulkAssignee} onChange={(e) => setBulkAssignee(e.target.value)}>
              <option value="">Keep assignees</option>
              <option value="none">Nobody (unassign)</option>
              {memberOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="bulk-status" className="block text-xs font-medium text-slate-800">
              Set status
            </label>
            <Select id="bulk-status" className="mt-1 w-44" value={bulkStatus} onChange={(e) => setBulkStatus(e.target.value)}>
              <option value="">Keep statuses</option>
              {MITIGATION_STATUSES.filter((status) => status !== "WONT_DO").map((status) => (
                <option key={status} value={status}>
                  {MITIGATION_STATUS[status].label}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" size="sm" loading={bulk.isPending} disabled={!bulkAssignee && !bulkStatus}>
            Apply to {visibleSelected.length}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </form>
      )}
      {bulk.isError && (
        <Alert tone="error" className="m-4" title={bulk.error.message}>
          {bulk.error instanceof ApiError && Object.keys(bulk.error.fieldErrors()).length > 0 && (
            <ul className="list-disc pl-5">
              {Object.entries(bulk.error.fieldErrors()).map(([field, message]) => (
                <li key={field}>{message}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {done && (
        <Alert tone="success" className="m-4">
          {done}
        </Alert>
      )}

      <p className="px-4 py-2 text-sm text-slate-600" aria-live="polite">
        {query.data ? (total === 0 ? "No mitigations match" : `${rows.length} of ${total} mitigation${total === 1 ? "" : "s"}, soonest due first`) : "Loading mitigations…"}
      </p>
      {query.isError ? (
        <Alert tone="error" className="m-4">
          {query.error.message}
        </Alert>
      ) : !query.data ? (
        <TableSkeleton rows={5} label="Loading mitigations" />
      ) : rows.length === 0 ? (
        <EmptyState
          title={Object.keys(filters).length ? "No mitigations match these filters" : "No mitigations yet"}
          description={Object.keys(filters).length ? "Clear a filter to see more." : "Mitigations are suggested when a threat model finds threats; open a threat model to plan them."}
        />
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Mitigations</caption>
            <TableHead
              columns={[
                canWrite && {
                  key: "select",
                  className: "w-10",
                  label: (
                    <input
                      type="checkbox"
                      className="size-4 accent-brand-600"
                      aria-label="Select every mitigation shown"
                      checked={allSelected}
                      onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((row) => row.id)) : new Set())}
                    />
                  ),
                },
                "Mitigation",
                "Severity",
                "Assignee",
                "Due",
                "Status",
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => {
                const apis = [...new Set(row.threats.map((threat) => threat.threatModel.api.name))];
                return (
                  <tr key={row.id} className={selected.has(row.id) ? "bg-brand-50/50" : undefined}>
                    {canWrite && (
                      <td className="px-4 py-3">
                        <input type="checkbox" className="size-4 accent-brand-600" aria-label={`Select ${row.title}`} checked={selected.has(row.id)} onChange={(e) => toggle(row.id, e.target.checked)} />
                      </td>
                    )}
                    <td className="max-w-md px-4 py-3">
                      <Link href={`/${org.slug}/mitigations/${row.id}`} className="font-medium text-brand-700 hover:underline">
                        {row.title}
                      </Link>
                      <div className="text-xs text-slate-600">
                        {apis.join(", ")} · {row.threats.length} threat{row.threats.length === 1 ? "" : "s"} · {PRIORITY_LABEL[row.priority]}
                        {row.commentCount > 0 && ` · ${row.commentCount} comment${row.commentCount === 1 ? "" : "s"}`}
                      </div>
                    </td>
                    <td className="px-4 py-3">{row.severity ? <SeverityBadge severity={row.severity} /> : "—"}</td>
                    <td className="px-4 py-3">{row.assignee ? row.assignee.name : <span className="text-slate-500">Unassigned</span>}</td>
                    <td className="px-4 py-3">
                      <DueDate date={row.dueDate} overdue={row.overdue} />
                    </td>
                    <td className="px-4 py-3">
                      <MitigationStatusBadge status={row.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore query={query} shown={rows.length} total={total} />
    </Card>
  );
}
