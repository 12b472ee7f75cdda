import type { Metadata } from "next";
import { Suspense } from "react";
import { ThreatRegister } from "@/components/threats/threat-register";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Threats" };

export default function ThreatsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Threats</h1>
        <p className="mt-1 text-sm text-slate-600">Open threats of every API&apos;s current threat model (the approved one, else the latest draft), highest score first.</p>
      </div>
      <Suspense fallback={<TableSkeleton rows={6} label="Loading threats" />}>
        <ThreatRegister />
      </Suspense>
    </div>
  );
}
