"use client";

import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/field";
import { FilterBar, FilterText } from "@/components/ui/filter-bar";
import { FilterSelect } from "@/components/ui/filter-select";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TableHead } from "@/components/ui/table-head";
import { useAuditEvents, useExportAuditCsv, type TAuditFilters } from "@/lib/query/audit";
import { useDebouncedSearch, useUrlFilters } from "@/lib/query/use-url-filters";

const FILTER_KEYS = ["actor", "action", "objectType", "objectId", "from", "to"] as const;

const OBJECT_TYPES = ["api", "threat_model", "threat", "mitigation", "comment", "user", "invitation", "organization", "catalog_entry", "checklist_template", "session"].map((value) => ({
  value,
  label: value.replaceAll("_", " "),
}));

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });

function details(metadata: unknown): string {
  if (metadata === null || metadata === undefined) return "";
  const text = JSON.stringify(metadata);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export function AuditLog() {
  const org = useOrg();
  const { filters, setFilter, clear } = useUrlFilters(FILTER_KEYS);
  const [action, setAction] = useDebouncedSearch(filters.action, (value) => setFilter("action", value));
  const [objectId, setObjectId] = useDebouncedSearch(filters.objectId, (value) => setFilter("objectId", value));
  const events = useAuditEvents(org.slug, filters as TAuditFilters);
  const exportCsv = useExportAuditCsv(org.slug);
  // The first page of every query carries the members to pick an actor from.
  const actors = events.data?.pages[0]?.actors ?? [];
  const rows = events.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600">Who did what, to which object, when and from where. Entries cannot be changed or deleted.</p>
        </div>
        <Button variant="secondary" loading={exportCsv.isPending} onClick={() => exportCsv.mutate(filters)}>
          Export CSV
        </Button>
      </div>
      {exportCsv.error && <Alert tone="error">{exportCsv.error.message || "The export failed."}</Alert>}
      <FilterBar
        label="Filter the audit log"
        columns={6}
        padded={false}
        filters={filters}
        setFilter={setFilter}
        onClear={() => (setAction(""), setObjectId(""), clear())}
      >
        <FilterSelect id="audit-actor" label="Actor" value={filters.actor} onChange={(value) => setFilter("actor", value)} options={actors.map((actor) => ({ value: actor.id, label: `${actor.name} (${actor.email})` }))} />
        <FilterText id="audit-action" label="Action" placeholder="Action, e.g. auth. or mitigation.updated" value={action} onChange={setAction} />
        <FilterSelect id="audit-object-type" label="Object type" value={filters.objectType} onChange={(value) => setFilter("objectType", value)} options={OBJECT_TYPES} />
        <FilterText id="audit-object-id" label="Object id" placeholder="Object id" value={objectId} onChange={setObjectId} />
        <div>
          <label htmlFor="audit-from" className="block text-xs font-medium text-slate-700">
            From
          </label>
          <Input id="audit-from" type="date" value={filters.from ?? ""} onChange={(e) => setFilter("from", e.target.value)} />
        </div>
        <div>
          <label htmlFor="audit-to" className="block text-xs font-medium text-slate-700">
            To
          </label>
          <Input id="audit-to" type="date" value={filters.to ?? ""} onChange={(e) => setFilter("to", e.target.value)} />
        </div>
      </FilterBar>
      {events.error && <Alert tone="error">{events.error.message}</Alert>}
      <Card className="overflow-x-auto">
        {!events.data ? (
          <div className="p-5">
            <TableSkeleton rows={6} label="Loading the audit log" />
          </div>
        ) : rows.length === 0 ? (
          <EmptyState title="No entries" description="Nothing matches these filters." />
        ) : (
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <TableHead columns={["Time", "Actor", "Action", "Object", "From", "Details"]} />
            <tbody className="divide-y divide-slate-100">
              {rows.map((event) => (
                <tr key={event.id} className="align-top">
                  <td className="whitespace-nowrap px-4 py-3 text-slate-700">{when(event.createdAt)}</td>
                  <td className="px-4 py-3">{event.actor ? <span title={event.actor.email}>{event.actor.name}</span> : <span className="text-slate-600">—</span>}</td>
                  <td className="px-4 py-3 font-mono text-xs">
                    {event.action}
                  </td>
                  <td className="px-4 py-3 text-xs text-slate-700">
                    {event.targetType && <span className="font-medium">{event.targetType.replaceAll("_", " ")}</span>} {event.targetId && <span className="font-mono">{event.targetId}</span>}
                  </td>
                  <td className="px-4 py-3 text-xs text-slate-700">{event.ip ?? ""}</td>
                  <td className="max-w-md break-words px-4 py-3 font-mono text-xs text-slate-600">{details(event.metadata)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {events.hasNextPage && (
          <div className="flex justify-center border-t border-slate-200 p-3">
            <Button variant="secondary" size="sm" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
              Show older entries
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
