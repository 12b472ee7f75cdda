"use client";

import Link from "next/link";
import { useOrg } from "@/components/shell/org-context";
import { SeverityBadge } from "@/components/threats/labels";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useMyWork } from "@/lib/query/mitigations";
import type { TMitigationItem } from "@/lib/query/types";
import { DueDate, MitigationStatusBadge, PRIORITY_LABEL } from "./labels";

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

function buckets(items: TMitigationItem[]) {
  const now = Date.now();
  const out = [
    { key: "overdue", label: "Overdue", colour: "bg-red-600", count: 0 },
    { key: "week", label: "Due within a week", colour: "bg-amber-500", count: 0 },
    { key: "later", label: "Due later", colour: "bg-brand-600", count: 0 },
    { key: "none", label: "No due date", colour: "bg-slate-400", count: 0 },
  ];
  for (const item of items) {
    const index = item.overdue ? 0 : !item.dueDate ? 3 : new Date(item.dueDate).getTime() - now <= WEEK_MS ? 1 : 2;
    out[index]!.count += 1;
  }
  return out;
}

/** The caller's open mitigations (overdue first, then by due date) and the reviews waiting for them. */
export function MyWork() {
  const org = useOrg();
  const work = useMyWork(org.slug);
  const summary = work.data ? buckets(work.data.mitigations) : [];
  const total = work.data?.mitigations.length ?? 0;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">My work</h1>
        <p className="mt-1 text-sm text-slate-600">Mitigations assigned to you, overdue first, and threat models waiting for your review.</p>
      </div>
      {work.isError && <Alert tone="error">{work.error.message}</Alert>}

      {total > 0 && (
        <Card aria-labelledby="work-summary-heading" className="p-5">
          <h2 id="work-summary-heading" className="text-sm font-semibold text-slate-900">
            {total} open mitigation{total === 1 ? "" : "s"}
          </h2>
          <div className="mt-3 flex h-3 overflow-hidden rounded-full bg-slate-100" aria-hidden>
            {summary.map((bucket) => (bucket.count ? <div key={bucket.key} className={bucket.colour} style={{ width: `${(bucket.count / total) * 100}%` }} /> : null))}
          </div>
          <ul className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-700">
            {summary.map((bucket) => (
              <li key={bucket.key} className="flex items-center gap-2">
                <span aria-hidden className={`size-2.5 rounded-full ${bucket.colour}`} />
                {bucket.label}: <span className="font-semibold tabular-nums text-slate-900">{bucket.count}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card aria-labelledby="my-mitigations-heading">
        <CardHeader id="my-mitigations-heading" title="Assigned to me" />
        {!work.data ? (
          <TableSkeleton rows={3} label="Loading your mitigations" />
        ) : work.data.mitigations.length === 0 ? (
          <EmptyState title="Nothing assigned to you" description="When someone assigns you a mitigation it appears here, and you are told in the bell and by email." />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="My mitigations">
            {work.data.mitigations.map((mitigation) => (
              <li key={mitigation.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
                <div className="min-w-0">
                  <Link href={`/${org.slug}/mitigations/${mitigation.id}`} className="font-medium text-brand-700 hover:underline">
                    {mitigation.title}
                  </Link>
                  <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                    <MitigationStatusBadge status={mitigation.status} />
                    {mitigation.severity && <SeverityBadge severity={mitigation.severity} />}
                    <span>{PRIORITY_LABEL[mitigation.priority]}</span>
                    <span>· {[...new Set(mitigation.threats.map((threat) => threat.threatModel.api.name))].join(", ")}</span>
                  </p>
                </div>
                <div className="text-right text-sm">
                  <DueDate date={mitigation.dueDate} overdue={mitigation.overdue} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card aria-labelledby="my-reviews-heading">
        <CardHeader id="my-reviews-heading" title="Reviews requested" description="Threat models submitted for review that you may approve." />
        {!work.data ? (
          <TableSkeleton rows={2} label="Loading review requests" />
        ) : work.data.reviews.length === 0 ? (
          <EmptyState title="No reviews waiting" />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Review requests">
            {work.data.reviews.map((review) => (
              <li key={review.id} className="px-5 py-3">
                <Link href={`/${org.slug}/threat-models/${review.id}?tab=review`} className="font-medium text-brand-700 hover:underline">
                  {review.title}
                </Link>
                <p className="mt-0.5 text-xs text-slate-600">
                  {review.api.name} · version {review.modelVersion}
                  {review.author && ` · by ${review.author.name}`}
                  {review.submittedAt && ` · submitted ${new Date(review.submittedAt).toLocaleDateString("en-GB", { day: "numeric", month: "short" })}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
