import type { Metadata } from "next";
import Link from "next/link";
import { MODEL_STATUS } from "@/components/threats/labels";
import { ThreatModelsList } from "@/components/threat-models/threat-models-list";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Threat models" };

export default async function ThreatModelsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<{ status?: string }> }) {
  const { orgSlug } = await params;
  const requested = (await searchParams).status;
  const status = requested && requested in MODEL_STATUS ? (requested as keyof typeof MODEL_STATUS) : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Threat models</h1>
        <p className="mt-1 text-sm text-slate-600">
          {status ? `${MODEL_STATUS[status].label} models, most recently changed first. ` : "Every model in the organisation, most recently changed first. "}
          {status && (
            <Link href={`/${orgSlug}/threat-models`} className="text-brand-700 underline">
              Show every model
            </Link>
          )}
        </p>
      </div>
      <Card>
        <ThreatModelsList status={status} />
      </Card>
    </div>
  );
}
