"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { FilterBar } from "@/components/ui/filter-bar";
import { FilterSelect } from "@/components/ui/filter-select";
import { TableHead } from "@/components/ui/table-head";
import { ShowMore } from "@/components/ui/show-more";
import { useOperations } from "@/lib/query/specs";
import type { TOperationFilters, TOperationFlag } from "@/lib/query/types";
import { FLAG_INFO, FlagBadge, MethodBadge } from "./labels";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

export function OperationsPanel({ apiId, onImport }: { apiId: string; onImport?: () => void }) {
  const org = useOrg();
  const [filters, setFilters] = useState<TOperationFilters>({});
  const [search, setSearch] = useState("");
  const query = useOperations(org.slug, apiId, { ...filters, q: search.trim() || undefined });
  const rows = query.data?.pages.flatMap((page) => page.data) ?? [];
  const total = query.data?.pages[0]?.total ?? 0;
  const filtered = Object.values(filters).some(Boolean) || search.trim() !== "";

  return (
    <div>
      <FilterBar
        label="Filter operations"
        columns={6}
        className="border-b border-slate-200"
        filters={filters}
        setFilter={(key, value) => setFilters((f) => ({ ...f, [key]: value || undefined }))}
        search={{ id: "operation-search", label: "Search operations", placeholder: "Search path, operationId, summary…", value: search, onChange: setSearch }}
        selects={[
          { key: "method", id: "operation-method", label: "Method", options: METHODS.map((m) => ({ value: m, label: m })) },
          { key: "flag", id: "operation-flag", label: "Flag", options: (Object.keys(FLAG_INFO) as TOperationFlag[]).map((flag) => ({ value: flag, label: FLAG_INFO[flag].label })) },
          { key: "auth", id: "operation-auth", label: "Authentication", options: [{ value: "required", label: "Requires auth" }, { value: "none", label: "No auth" }] },
        ]}
      >
        {/* One dropdown for three yes/no filters, of which at most one is on. */}
        <FilterSelect
          id="operation-state"
          label="State"
          value={filters.notModelled === "true" ? "not-modelled" : filters.deprecated === "true" ? "deprecated" : filters.includeRemoved === "true" ? "with-removed" : undefined}
          onChange={(value) => {
            setFilters((f) => ({ ...f, notModelled: value === "not-modelled" ? "true" : undefined, deprecated: value === "deprecated" ? "true" : undefined, includeRemoved: value === "with-removed" ? "true" : undefined }));
          }}
          options={[
            { value: "not-modelled", label: "Not yet modelled" },
            { value: "deprecated", label: "Deprecated" },
            { value: "with-removed", label: "Include removed" },
          ]}
        />
      </FilterBar>

      <p className="px-4 py-2 text-sm text-slate-600" aria-live="polite">
        {query.data ? `${total} operation${total === 1 ? "" : "s"}${filtered ? " match" : ""}` : "Loading operations…"}
      </p>

      {query.isError ? (
        <div className="p-4">
          <Alert tone="error">{query.error.message}</Alert>
        </div>
      ) : !query.data ? (
        <TableSkeleton label="Loading operations" />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No operations match" description="Try other filters." />
        ) : (
          <EmptyState
            title="No operations yet"
            description="Import the API's OpenAPI or Swagger file: Bulwark lists every operation, flags the risky ones and lints the spec against the OWASP API Security Top 10."
            action={onImport && org.can("api:write") ? <Button onClick={onImport}>Import a spec</Button> : undefined}
          />
        )
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Operations of this API</caption>
            <TableHead columns={["Operation", "Auth", "Flags", { key: "Findings", label: "Findings", className: "text-right" }]} />
            <tbody className="divide-y divide-slate-100 bg-white">
              {rows.map((operation) => (
                <tr key={operation.id} className={operation.removedAt ? "bg-slate-50 text-slate-500" : undefined}>
                  <td className="px-4 py-3">
                    <div className="flex items-center gap-2">
                      <MethodBadge method={operation.method} />
                      <code className="break-all font-mono text-sm text-slate-900">{operation.path}</code>
                    </div>
                    <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                      {operation.operationId && <code>{operation.operationId}</code>}
                      {operation.summary && <span>· {operation.summary}</span>}
                      {operation.deprecated && <Badge tone="warning">Deprecated</Badge>}
                      {operation.removedAt && <Badge>Removed from spec</Badge>}
                      {operation.notYetModelled && <Badge tone="brand">Not yet modelled</Badge>}
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    {operation.requiresAuth ? (
                      <span className="text-slate-800">{operation.securitySchemes.join(", ")}</span>
                    ) : (
                      <Badge tone="danger">None</Badge>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap gap-1">
                      {operation.flags.map((flag) => (
                        <FlagBadge key={flag} flag={flag} />
                      ))}
                    </div>
                    {operation.sensitiveFields.length > 0 && (
                      <p className="mt-1 text-xs text-slate-600" title={operation.sensitiveFields.join(", ")}>
                        {operation.sensitiveFields.slice(0, 3).join(", ")}
                        {operation.sensitiveFields.length > 3 ? ` +${operation.sensitiveFields.length - 3}` : ""}
                      </p>
                    )}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums text-slate-800">{operation.findingCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ShowMore query={query} shown={rows.length} total={total} />
        </div>
      )}
    </div>
  );
}
