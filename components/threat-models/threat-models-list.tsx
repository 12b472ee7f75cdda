"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/field";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TableHead } from "@/components/ui/table-head";
import { useCreateThreatModel, useThreatModels } from "@/lib/query/threat-models";
import { useTemplates } from "@/lib/query/catalog";
import { ModelStatusBadge, ProgressBar, SEVERITY } from "../threats/labels";

/** Threat models of one API (on its page) or of the whole organisation. */
export function ThreatModelsList({ apiId, status }: { apiId?: string; status?: string }) {
  const org = useOrg();
  const router = useRouter();
  const models = useThreatModels(org.slug, { apiId, status });
  const templates = useTemplates(org.slug);
  const create = useCreateThreatModel(org.slug);
  const [templateId, setTemplateId] = useState("");

  const start = async () => {
    if (!apiId) return;
    const created = await create.mutateAsync({ apiId, templateId: templateId || null });
    router.push(`/${org.slug}/threat-models/${created.id}`);
  };

  return (
    <div>
      {apiId && org.can("threat:write") && (
        <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-4">
          <div>
            <label htmlFor="model-template" className="block text-sm font-medium text-slate-800">
              Checklist
            </label>
            <Select id="model-template" className="mt-1 w-72" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              <option value="">Default checklist (every enabled entry)</option>
              {(templates.data ?? []).map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name} ({template.entryKeys.length} entries)
                </option>
              ))}
            </Select>
          </div>
          <Button onClick={start} loading={create.isPending}>
            Start threat model
          </Button>
          <p className="basis-full text-xs text-slate-600">Rules pre-answer what the inventory and the imported spec already tell; you confirm or change every answer.</p>
          {create.isError && <Alert tone="error" className="basis-full">{create.error.message}</Alert>}
        </div>
      )}
      {!models.data ? (
        <TableSkeleton rows={3} label="Loading threat models" />
      ) : models.data.length === 0 ? (
        <EmptyState title="No threat models yet" description={apiId ? "Start one to walk the checklist for this API." : "Open an API and start a threat model from its page."} />
      ) : (
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Threat models</caption>
          <TableHead columns={["Model", "Status", "Progress", "Open threats"]} />
          <tbody className="divide-y divide-slate-100">
            {models.data.map((model) => (
              <tr key={model.id}>
                <td className="px-4 py-3">
                  <Link href={`/${org.slug}/threat-models/${model.id}`} className="font-medium text-brand-700 hover:underline">
                    {model.title}
                  </Link>
                  <div className="text-xs text-slate-600">
                    {!apiId && `${model.api.name} · `}version {model.modelVersion} · updated {new Date(model.updatedAt).toLocaleDateString("en-GB", { day: "numeric", month: "short" })}
                  </div>
                </td>
                <td className="px-4 py-3">
                  <ModelStatusBadge status={model.status} />
                </td>
                <td className="px-4 py-3">
                  <ProgressBar answered={model.progress.answered} total={model.progress.total} label={`Checklist progress of ${model.title}`} />
                </td>
                <td className="px-4 py-3">
                  <div className="flex flex-wrap gap-1">
                    {(["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).map((severity) =>
                      model.openThreats[severity] ? (
                        <Badge key={severity} tone={SEVERITY[severity].tone}>
                          {model.openThreats[severity]} {SEVERITY[severity].label.toLowerCase()}
                        </Badge>
                      ) : null,
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
