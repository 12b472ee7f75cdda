import type { Metadata } from "next";
import { ThreatModelsList } from "@/components/threats/threat-models-list";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Threat models" };

export default function ThreatModelsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Threat models</h1>
        <p className="mt-1 text-sm text-slate-600">Every model in the organisation, most recently changed first.</p>
      </div>
      <Card>
        <ThreatModelsList />
      </Card>
    </div>
  );
}
