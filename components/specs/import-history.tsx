"use client";

import { useOrg } from "@/components/shell/org-context";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useSpecImports } from "@/lib/query/specs";

const SOURCE_LABEL = { UPLOAD: "file upload", PASTE: "pasted", URL: "URL", API: "REST API" } as const;

export function ImportHistory({ apiId }: { apiId: string }) {
  const org = useOrg();
  const query = useSpecImports(org.slug, apiId);
  if (!query.data) return <TableSkeleton rows={3} label="Loading import history" />;
  if (query.data.length === 0) return <EmptyState title="No imports yet" description="Each import of a spec is recorded here with who did it and what changed." />;
  return (
    <ol className="divide-y divide-slate-100">
      {query.data.map((item) => (
        <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-2 px-5 py-3 text-sm">
          <div>
            <p className="font-medium text-slate-900">
              {item.title ?? "Spec"} {item.specVersion && <span className="text-slate-600">v{item.specVersion}</span>}
            </p>
            <p className="text-xs text-slate-600">
              {item.importedBy?.name ?? "Someone"} · {SOURCE_LABEL[item.source]}
              {item.fileName ? ` (${item.fileName})` : ""}
              {item.sourceUrl ? ` (${item.sourceUrl})` : ""} · <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</time>
            </p>
          </div>
          <p className="text-xs text-slate-700">
            {item.operationCount} operations · <span className="text-emerald-800">+{item.added}</span> <span className="text-red-800">−{item.removed}</span>{" "}
            <span className="text-amber-900">~{item.changed}</span> · {item.findingCount} findings · {(item.durationMs / 1000).toFixed(1)} s
          </p>
        </li>
      ))}
    </ol>
  );
}
