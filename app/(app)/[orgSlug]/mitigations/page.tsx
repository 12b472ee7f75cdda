import type { Metadata } from "next";
import { Suspense } from "react";
import { MitigationsTable } from "@/components/mitigations/mitigations-table";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Mitigations" };

export default function MitigationsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Mitigations</h1>
        <p className="mt-1 text-sm text-slate-600">The controls that answer your threats: who owns each one, when it is due and the evidence that it works.</p>
      </div>
      {/* The filters live in the address bar, which needs a Suspense boundary to prerender. */}
      <Suspense fallback={<TableSkeleton rows={5} label="Loading mitigations" />}>
        <MitigationsTable />
      </Suspense>
    </div>
  );
}
