"use client";

import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { TableSkeleton } from "@/components/ui/skeleton";
import type { Severity } from "@/lib/generated/prisma/enums";
import { useVersionDiff } from "@/lib/query/threat-models";
import { ANSWER, SeverityBadge } from "../threats/labels";

const FIELD_LABEL: Record<string, string> = { title: "title", likelihood: "likelihood", impact: "impact", score: "score", severity: "severity", status: "status" };

export function VersionDiff({ modelId }: { modelId: string }) {
  const org = useOrg();
  const diff = useVersionDiff(org.slug, modelId, true);
  if (diff.isError) return <Alert tone="error" className="m-4">{diff.error.message}</Alert>;
  if (!diff.data) return <TableSkeleton rows={3} label="Comparing versions" />;
  const d = diff.data;
  return (
    <div className="space-y-5 p-5">
      <p className="text-sm text-slate-700">
        Version {d.to.modelVersion} compared with version {d.from.modelVersion}. Open risk (sum of open threat scores):{" "}
        <strong className="tabular-nums">
          {d.scoreBefore} → {d.scoreAfter}
        </strong>
      </p>
      <dl className="grid grid-cols-3 gap-2 text-center" aria-label="Summary of changes">
        {[
          ["Threats added", d.added.length],
          ["Threats removed", d.removed.length],
          ["Threats changed", d.changed.length],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md bg-slate-50 p-2 ring-1 ring-slate-200">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="text-xl font-semibold tabular-nums text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {d.added.length > 0 && (
        <section aria-label="Added threats">
          <h3 className="text-sm font-semibold text-emerald-800">Added</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {d.added.map((threat) => (
              <li key={threat.key} className="flex items-center gap-2">
                <SeverityBadge severity={threat.severity as Severity} /> {threat.title} <span className="text-xs text-slate-600">score {threat.score}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.removed.length > 0 && (
        <section aria-label="Removed threats">
          <h3 className="text-sm font-semibold text-red-800">Removed</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {d.removed.map((threat) => (
              <li key={threat.key} className="line-through">
                {threat.title}
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.changed.length > 0 && (
        <section aria-label="Changed threats">
          <h3 className="text-sm font-semibold text-amber-900">Changed</h3>
          <ul className="mt-1 space-y-1.5 text-sm">
            {d.changed.map((threat) => (
              <li key={threat.key}>
                <span className="font-medium text-slate-900">{threat.title}</span>:{" "}
                {Object.entries(threat.changes)
                  .map(([field, change]) => `${FIELD_LABEL[field] ?? field} ${String(change?.from).toLowerCase()} → ${String(change?.to).toLowerCase()}`)
                  .join(", ")}
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.answers.length > 0 && (
        <section aria-label="Changed answers">
          <h3 className="text-sm font-semibold text-slate-900">Checklist answers that changed</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {d.answers.map((answer) => (
              <li key={answer.entryKey}>
                <code className="text-xs">{answer.entryKey}</code>: {answer.from ? ANSWER[answer.from as keyof typeof ANSWER].label : "unanswered"} → {answer.to ? ANSWER[answer.to as keyof typeof ANSWER].label : "unanswered"}
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.added.length + d.removed.length + d.changed.length + d.answers.length === 0 && <p className="text-sm text-slate-600">No changes yet.</p>}
    </div>
  );
}
