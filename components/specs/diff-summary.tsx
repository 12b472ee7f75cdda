import { Badge } from "@/components/ui/badge";
import type { TOperationDiff } from "@/lib/query/types";
import { MethodBadge } from "./labels";

const SHOWN = 100;

function List({ title, items, render }: { title: string; items: { key: string }[]; render: (item: never) => React.ReactNode }) {
  if (items.length === 0) return null;
  return (
    <details className="rounded-md ring-1 ring-slate-200" open={items.length <= 10}>
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">
        {title} ({items.length})
      </summary>
      <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto border-t border-slate-200">
        {items.slice(0, SHOWN).map((item) => (
          <li key={item.key} className="flex flex-wrap items-center gap-2 px-3 py-1.5 text-sm">
            {render(item as never)}
          </li>
        ))}
        {items.length > SHOWN && <li className="px-3 py-1.5 text-xs text-slate-600">and {items.length - SHOWN} more</li>}
      </ul>
    </details>
  );
}

export function DiffSummary({ diff }: { diff: TOperationDiff }) {
  const counts = [
    { label: "Added", value: diff.added.length, tone: "text-emerald-800" },
    { label: "Removed", value: diff.removed.length, tone: "text-red-800" },
    { label: "Changed", value: diff.changed.length, tone: "text-amber-900" },
    { label: "Unchanged", value: diff.unchanged, tone: "text-slate-700" },
  ];
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-4 gap-2 text-center">
        {counts.map((count) => (
          <div key={count.label} className="rounded-md bg-slate-50 px-2 py-2 ring-1 ring-slate-200">
            <dt className="text-xs text-slate-600">{count.label}</dt>
            <dd className={`text-xl font-semibold tabular-nums ${count.tone}`}>{count.value}</dd>
          </div>
        ))}
      </dl>
      <List
        title="Added operations"
        items={diff.added}
        render={(item: TOperationDiff["added"][number]) => (
          <>
            <MethodBadge method={item.method} />
            <code className="break-all font-mono text-xs">{item.path}</code>
            {item.flags.length > 0 && <Badge tone="warning">{item.flags.join(", ")}</Badge>}
          </>
        )}
      />
      <List
        title="Removed operations"
        items={diff.removed}
        render={(item: TOperationDiff["removed"][number]) => (
          <>
            <MethodBadge method={item.method} />
            <code className="break-all font-mono text-xs line-through">{item.path}</code>
          </>
        )}
      />
      <List
        title="Changed operations"
        items={diff.changed}
        render={(item: TOperationDiff["changed"][number]) => (
          <>
            <MethodBadge method={item.method} />
            <code className="break-all font-mono text-xs">{item.path}</code>
            <span className="text-xs text-slate-600">{item.fields.join(", ")}</span>
          </>
        )}
      />
    </div>
  );
}
