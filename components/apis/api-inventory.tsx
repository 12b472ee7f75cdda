"use client";

import Link from "next/link";
import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterBar } from "@/components/ui/filter-bar";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useApis } from "@/lib/query/apis";
import { useMembers, useTeams } from "@/lib/query/members";
import { useDebouncedSearch, useUrlFilters } from "@/lib/query/use-url-filters";
import { ClassificationBadge, ExposureBadge, LifecycleBadge } from "./api-badges";
import { CLASSIFICATION, DATA_FLAG_LABEL, EXPOSURE, LIFECYCLE, optionsOf, PROTOCOL_LABEL } from "./labels";

const PAGE_SIZE = 25;
const FILTER_KEYS = ["q", "exposure", "lifecycle", "classification", "owner", "team", "tag", "model", "sort"] as const;

const SORTABLE = [
  { key: "name", label: "Name" },
  { key: "exposure", label: "Exposure" },
  { key: "lifecycle", label: "Lifecycle" },
  { key: "updatedAt", label: "Updated" },
] as const;

export function ApiInventory() {
  const org = useOrg();
  const { filters, setFilter, clear } = useUrlFilters(FILTER_KEYS);
  const [search, setSearch] = useDebouncedSearch(filters.q, (value) => setFilter("q", value));
  // Page cursors belong to one set of filters; changing a filter starts again at page one.
  const filterKey = JSON.stringify(filters);
  const [pages, setPages] = useState<{ filterKey: string; cursors: string[] }>({ filterKey, cursors: [] });
  const cursors = pages.filterKey === filterKey ? pages.cursors : [];
  const setCursors = (update: (current: string[]) => string[]) => setPages({ filterKey, cursors: update(cursors) });


  const cursor = cursors[cursors.length - 1];
  const query = useApis(org.slug, { ...filters, cursor, limit: PAGE_SIZE });
  const members = useMembers(org.slug);
  const teams = useTeams(org.slug);
  const sort = filters.sort ?? "name";
  const activeFilters = FILTER_KEYS.filter((key) => key !== "sort" && filters[key]).length;
  const firstRow = cursors.length * PAGE_SIZE + 1;
  // While another page loads, the previous rows stay on screen; their cursor must not be reused.
  const loadingPage = query.isPlaceholderData;

  const toggleSort = (key: string) => setFilter("sort", sort === key ? `-${key}` : key);
  const ariaSort = (key: string) => (sort === key ? "ascending" : sort === `-${key}` ? "descending" : "none");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">API inventory</h1>
          <p className="mt-1 text-sm text-slate-600">Every API your organisation runs, who owns it and how exposed it is.</p>
        </div>
        {org.can("api:write") && (
          <div className="flex gap-2">
            <Link href={`/${org.slug}/apis/import`} className={buttonClasses("secondary")}>
              Import from OpenAPI
            </Link>
            <Link href={`/${org.slug}/apis/new`} className={buttonClasses("primary")}>
              Add API
            </Link>
          </div>
        )}
      </div>

      <Card>
        <FilterBar
          label="Filter APIs"
          columns={8}
          className="border-b border-slate-200"
          filters={filters}
          setFilter={setFilter}
          search={{ id: "api-search", label: "Search APIs", placeholder: "Search name, description, tag…", value: search, onChange: setSearch }}
          selects={[
            { key: "exposure", id: "filter-exposure", label: "Exposure", options: optionsOf(EXPOSURE) },
            { key: "lifecycle", id: "filter-lifecycle", label: "Lifecycle", options: [...optionsOf(LIFECYCLE), { value: "DESIGN,ACTIVE,DEPRECATED", label: "Not retired" }] },
            { key: "classification", id: "filter-classification", label: "Classification", options: optionsOf(CLASSIFICATION) },
            { key: "owner", id: "filter-owner", label: "Owner", options: (members.data ?? []).map((m) => ({ value: m.user.id, label: m.user.name })) },
            { key: "team", id: "filter-team", label: "Team", options: (teams.data ?? []).map((t) => ({ value: t.name, label: t.name })) },
            {
              key: "model",
              id: "filter-model",
              label: "Threat model",
              options: [
                { value: "current", label: "Current threat model" },
                { value: "outdated", label: "No current threat model" },
              ],
            },
          ]}
          onClear={() => (setSearch(""), clear())}
          active={activeFilters > 0}
        >
          {filters.tag && (
            <div className="flex items-center gap-2 lg:col-span-8">
              <span className="text-sm text-slate-700">Tag:</span>
              <Badge tone="brand">{filters.tag}</Badge>
              <Button variant="ghost" size="sm" onClick={() => setFilter("tag", "")}>
                Remove tag filter
              </Button>
            </div>
          )}
        </FilterBar>

        <div className="flex items-center justify-between px-4 py-2 text-sm text-slate-600" aria-live="polite">
          <span>
            {query.data && !loadingPage
              ? query.data.total === 0
                ? "No APIs match"
                : `${firstRow}–${firstRow + query.data.data.length - 1} of ${query.data.total} API${query.data.total === 1 ? "" : "s"}`
              : `Loading page ${cursors.length + 1}…`}
          </span>
          <span className="flex items-center gap-3">
            {query.isFetching && query.data && <Spinner className="size-4" label="Refreshing" />}
          </span>
        </div>

        {query.isError ? (
          <div className="p-4">
            <Alert tone="error" title="The inventory could not be loaded" actions={<Button variant="secondary" size="sm" onClick={() => query.refetch()}>Try again</Button>}>
              {query.error.message}
            </Alert>
          </div>
        ) : !query.data ? (
          <TableSkeleton label="Loading APIs" />
        ) : query.data.data.length === 0 ? (
          activeFilters > 0 ? (
            <EmptyState title="No APIs match these filters" description="Try a broader search or clear the filters." />
          ) : (
            <EmptyState
              title="No APIs yet"
              description="Start your inventory with the APIs that face the internet: they carry the most risk."
              action={
                org.can("api:write") ? (
                  <Link href={`/${org.slug}/apis/new`} className={buttonClasses("primary")}>
                    Add your first API
                  </Link>
                ) : undefined
              }
            />
          )
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">APIs in {org.name}, sortable by the column buttons</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  {SORTABLE.slice(0, 3).map((column) => (
                    <SortHeader key={column.key} label={column.label} sort={ariaSort(column.key)} onClick={() => toggleSort(column.key)} />
                  ))}
                  <th scope="col" className="px-4 py-3">
                    Data
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Team / owner
                  </th>
                  <th scope="col" className="px-4 py-3">
                    Tags
                  </th>
                  <SortHeader label="Updated" sort={ariaSort("updatedAt")} onClick={() => toggleSort("updatedAt")} />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {query.data.data.map((api) => (
                  <tr key={api.id} className="hover:bg-slate-50">
                    <td className="px-4 py-3">
                      <Link href={`/${org.slug}/apis/${api.id}`} className="font-medium text-brand-700 hover:underline">
                        {api.name}
                      </Link>
                      <div className="text-xs text-slate-600">
                        {PROTOCOL_LABEL[api.protocol]}
                        {api.apiVersion ? ` · v${api.apiVersion}` : ""}
                      </div>
                    </td>
                    <td className="px-4 py-3">
                      <ExposureBadge value={api.exposure} />
                    </td>
                    <td className="px-4 py-3">
                      <LifecycleBadge value={api.lifecycle} />
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        <ClassificationBadge value={api.dataClassification} />
                        {api.dataFlags.map((flag) => (
                          <Badge key={flag}>{DATA_FLAG_LABEL[flag]}</Badge>
                        ))}
                      </div>
                    </td>
                    <td className="px-4 py-3 text-slate-700">
                      <div>{api.team?.name ?? <span className="text-slate-500">No team</span>}</div>
                      <div className="text-xs text-slate-600">{api.technicalOwner?.name ?? "No owner"}</div>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        {api.tags.map((tag) => (
                          <button key={tag} type="button" onClick={() => setFilter("tag", tag)} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 hover:bg-brand-50" aria-label={`Filter by tag ${tag}`}>
                            {tag}
                          </button>
                        ))}
                      </div>
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                      <time dateTime={api.updatedAt}>{new Date(api.updatedAt).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" })}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {query.data && (cursors.length > 0 || query.data.nextCursor) && (
          <nav aria-label="Pagination" className="flex items-center justify-end gap-2 border-t border-slate-200 px-4 py-3">
            <Button variant="secondary" size="sm" disabled={cursors.length === 0 || loadingPage} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </Button>
            <span className="text-sm text-slate-600">Page {cursors.length + 1}</span>
            <Button variant="secondary" size="sm" disabled={!query.data.nextCursor || loadingPage} onClick={() => query.data?.nextCursor && setCursors((c) => [...c, query.data.nextCursor!])}>
              Next
            </Button>
          </nav>
        )}
      </Card>
    </div>
  );
}

function SortHeader({ label, sort, onClick }: { label: string; sort: "ascending" | "descending" | "none"; onClick: () => void }) {
  return (
    <th scope="col" aria-sort={sort} className="px-4 py-3">
      <button type="button" onClick={onClick} className="inline-flex items-center gap-1 uppercase hover:text-slate-900">
        {label}
        <span aria-hidden className="text-slate-500">
          {sort === "ascending" ? "▲" : sort === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </th>
  );
}
