"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useOrg } from "@/components/shell/org-context";
import { ExportButton } from "@/components/exports/export-button";
import { OtmExportButton } from "@/components/exports/otm-export-button";
import { Alert } from "@/components/ui/alert";
import { NewRuleHits } from "./new-rule-hits";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TabList, tabPanelProps } from "@/components/ui/tabs";
import { useStartNewVersion, useThreatModel } from "@/lib/query/threat-models";
import type { TThreatModelDetail } from "@/lib/query/types";
import { ChecklistWizard } from "./checklist-wizard";
import { ModelStatusBadge, ProgressBar } from "../threats/labels";
import { ReviewPanel } from "./review-panel";
import { ThreatsPanel } from "../threats/threats-panel";
import { VersionDiff } from "./version-diff";

type TTab = "checklist" | "threats" | "review" | "changes";

export function ThreatModelView({ initial }: { initial: TThreatModelDetail }) {
  const org = useOrg();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { data: model = initial } = useThreatModel(org.slug, initial.id, initial);
  const newVersion = useStartNewVersion(org.slug, model.id);
  const tabs: { id: TTab; label: string }[] = [
    { id: "checklist", label: "Checklist" },
    { id: "threats", label: `Threats (${model.threats.length})` },
    { id: "review", label: "Review" },
    ...(model.previousVersionId ? [{ id: "changes" as const, label: `Changes since v${model.modelVersion - 1}` }] : []),
  ];
  const requested = params.get("tab") as TTab | null;
  const tab: TTab = tabs.some((t) => t.id === requested) ? requested! : "checklist";
  const show = (next: TTab) => router.replace(next === "checklist" ? pathname : `${pathname}?tab=${next}`, { scroll: false });
  const editable = model.status === "DRAFT" && org.can("threat:write");

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={`/${org.slug}/apis/${model.api.id}?tab=threat-models`} className="hover:underline">
          {model.api.name}
        </Link>{" "}
        / <span aria-current="page">{model.title}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <h1 className="text-2xl font-semibold text-slate-900">{model.title}</h1>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <ModelStatusBadge status={model.status} />
            <span>version {model.modelVersion}</span>
            <span>· by {model.author?.name ?? "someone"}</span>
            {model.previousVersionId && (
              <Link href={`/${org.slug}/threat-models/${model.previousVersionId}`} className="text-brand-700 hover:underline">
                previous version
              </Link>
            )}
            {model.nextVersion && (
              <Link href={`/${org.slug}/threat-models/${model.nextVersion.id}`} className="text-brand-700 hover:underline">
                version {model.nextVersion.modelVersion} ({model.nextVersion.status.toLowerCase().replace("_", " ")})
              </Link>
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-4">
          <ExportButton label="Export PDF" request={{ kind: "threat-model-pdf", threatModelId: model.id }} />
          <OtmExportButton modelId={model.id} />
          <ProgressBar answered={model.progress.answered} total={model.progress.total} label="Checklist progress" />
          {model.status === "APPROVED" && !model.nextVersion && org.can("threat:write") && (
            <Button
              loading={newVersion.isPending}
              onClick={() => newVersion.mutate(undefined, { onSuccess: (next) => router.push(`/${org.slug}/threat-models/${next.id}`) })}
            >
              Start version {model.modelVersion + 1}
            </Button>
          )}
        </div>
      </div>
      {newVersion.isError && <Alert tone="error">{newVersion.error.message}</Alert>}
      <NewRuleHits model={model} canStartVersion={org.can("threat:write")} />
      {model.status !== "DRAFT" && (
        <Alert tone="info">{model.status === "IN_REVIEW" ? "In review: the model is frozen until the reviewer approves it or asks for changes." : "This version is approved and frozen."}</Alert>
      )}

      <TabList label="Threat model sections" tabs={tabs} active={tab} onSelect={show} idPrefix="model" />

      <Card {...tabPanelProps("model", tab)}>
        {tab === "checklist" && <ChecklistWizard model={model} editable={editable} />}
        {tab === "threats" && <ThreatsPanel model={model} editable={editable} />}
        {tab === "review" && <ReviewPanel model={model} />}
        {tab === "changes" && <VersionDiff modelId={model.id} />}
      </Card>
    </div>
  );
}
