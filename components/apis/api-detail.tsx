"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { FindingsPanel } from "@/components/specs/findings-panel";
import { ImportHistory } from "@/components/specs/import-history";
import { OperationsPanel } from "@/components/specs/operations-panel";
import { SpecImportDialog } from "@/components/specs/spec-import-dialog";
import { ThreatModelsList } from "@/components/threat-models/threat-models-list";
import { Button } from "@/components/ui/button";
import { TabList, tabPanelProps } from "@/components/ui/tabs";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { useApi } from "@/lib/query/apis";
import type { TApiItem } from "@/lib/query/types";
import { ClassificationBadge, ExposureBadge, LifecycleBadge } from "./api-badges";
import { DeleteApiButton } from "./delete-api-button";
import { AUTH_SCHEME_LABEL, DATA_FLAG_LABEL, EXPOSURE, PROTOCOL_LABEL } from "./labels";

const formatDate = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

const TABS = [
  { id: "overview", label: "Overview" },
  { id: "threat-models", label: "Threat models" },
  { id: "operations", label: "Operations" },
  { id: "findings", label: "Spec findings" },
  { id: "imports", label: "Import history" },
] as const;
type TTab = (typeof TABS)[number]["id"];

export function ApiDetail({ initial }: { initial: TApiItem }) {
  const org = useOrg();
  const { data: api = initial } = useApi(org.slug, initial.id, initial);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab: TTab = TABS.some((t) => t.id === params.get("tab")) ? (params.get("tab") as TTab) : "overview";
  const [importing, setImporting] = useState(false);
  const showTab = (next: TTab) => router.replace(next === "overview" ? pathname : `${pathname}?tab=${next}`, { scroll: false });

  const facts: [string, React.ReactNode][] = [
    ["Protocol", PROTOCOL_LABEL[api.protocol]],
    ["Version", api.apiVersion ?? "—"],
    ["System", api.system ?? "—"],
    ["Authentication", api.authSchemes.length ? api.authSchemes.map((s) => AUTH_SCHEME_LABEL[s]).join(", ") : "Not recorded"],
    [
      "Data",
      <span key="data" className="flex flex-wrap gap-1">
        <ClassificationBadge value={api.dataClassification} />
        {api.dataFlags.map((flag) => (
          <Badge key={flag}>{DATA_FLAG_LABEL[flag]}</Badge>
        ))}
      </span>,
    ],
    ["Owning team", api.team?.name ?? "—"],
    ["Technical owner", api.technicalOwner ? `${api.technicalOwner.name} (${api.technicalOwner.email})` : "—"],
    [
      "Specification",
      api.specUrl ? (
        <a key="spec" href={api.specUrl} rel="noopener noreferrer nofollow" target="_blank" className="break-all text-brand-700 hover:underline">
          {api.specUrl}
        </a>
      ) : (
        "—"
      ),
    ],
  ];

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={`/${org.slug}/apis`} className="hover:underline">
          API inventory
        </Link>{" "}
        / <span aria-current="page">{api.name}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <h1 className="text-2xl font-semibold text-slate-900">{api.name}</h1>
          <div className="flex flex-wrap gap-2">
            <ExposureBadge value={api.exposure} />
            <LifecycleBadge value={api.lifecycle} />
            {api.tags.map((tag) => (
              <Link key={tag} href={`/${org.slug}/apis?tag=${encodeURIComponent(tag)}`} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 hover:bg-brand-50">
                {tag}
              </Link>
            ))}
          </div>
        </div>
        {org.can("api:write") && (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setImporting(true)}>
              Import spec
            </Button>
            <Link href={`/${org.slug}/apis/${api.id}/edit`} className={buttonClasses("secondary")}>
              Edit
            </Link>
            {org.can("api:delete") && <DeleteApiButton id={api.id} name={api.name} />}
          </div>
        )}
      </div>

      <TabList label="API sections" tabs={TABS} active={tab} onSelect={showTab} idPrefix="api" />

      {tab !== "overview" && (
        <Card {...tabPanelProps("api", tab)}>
          {tab === "threat-models" && <ThreatModelsList apiId={api.id} />}
          {tab === "operations" && <OperationsPanel apiId={api.id} onImport={() => setImporting(true)} />}
          {tab === "findings" && <FindingsPanel apiId={api.id} />}
          {tab === "imports" && <ImportHistory apiId={api.id} />}
        </Card>
      )}
      {org.can("api:write") && <SpecImportDialog apiId={api.id} open={importing} onClose={() => setImporting(false)} />}

      {tab === "overview" && (
      <div {...tabPanelProps("api", "overview")} className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Overview" description={EXPOSURE[api.exposure].hint} />
          <div className="space-y-5 p-5">
            <p className="whitespace-pre-line text-sm text-slate-800">{api.description || <span className="text-slate-600">No description yet.</span>}</p>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
              {facts.map(([label, value]) => (
                <div key={label}>
                  <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
                  <dd className="mt-1 text-sm text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </div>
        </Card>
        <Card>
          <CardHeader title="Environments" />
          {api.environments.length === 0 ? (
            <p className="p-5 text-sm text-slate-600">No environments recorded.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {api.environments.map((environment) => (
                <li key={environment.name + environment.baseUrl} className="px-5 py-3">
                  <p className="text-sm font-medium text-slate-900">{environment.name}</p>
                  <p className="break-all font-mono text-xs text-slate-700">{environment.baseUrl}</p>
                </li>
              ))}
            </ul>
          )}
          <div className="border-t border-slate-200 px-5 py-3 text-xs text-slate-600">
            Created {formatDate(api.createdAt)} · updated {formatDate(api.updatedAt)} · version {api.version}
          </div>
        </Card>
      </div>
      )}
    </div>
  );
}
