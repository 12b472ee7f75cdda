"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { ApiError } from "@/lib/query/fetcher";
import { useImportOrganization, useImportOtm, useRecentExports } from "@/lib/query/exports";
import { ExportButton } from "./export-button";

const TABLES = [
  { kind: "inventory", title: "API inventory", description: "Every API with its owner, exposure, data, environments and current risk." },
  { kind: "threats", title: "Threats", description: "The threats of each API's current model, with scores, status and mitigations." },
  { kind: "mitigations", title: "Mitigations", description: "All mitigations with owners, due dates, status and evidence." },
] as const;

const size = (bytes: number | null) => (bytes === null ? "" : bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function ExportsPanel() {
  const org = useOrg();
  const recent = useRecentExports(org.slug);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Exports</h1>
        <p className="mt-1 text-sm text-slate-600">CSV opens in a spreadsheet; JSON is for other tools. Files are kept for 24 hours and only you can download yours.</p>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        {TABLES.map((table) => (
          <Card key={table.kind} aria-labelledby={`export-${table.kind}`}>
            <CardHeader id={`export-${table.kind}`} title={table.title} description={table.description} />
            <div className="flex flex-wrap justify-end gap-3 p-4">
              <ExportButton label={`${table.title} CSV`} size="sm" request={{ kind: table.kind, format: "csv" }} />
              <ExportButton label={`${table.title} JSON`} size="sm" request={{ kind: table.kind, format: "json" }} />
            </div>
          </Card>
        ))}
      </div>

      <OtmImportCard />
      {org.can("org:export") && <OrganizationCard />}

      <Card aria-labelledby="recent-exports">
        <CardHeader id="recent-exports" title="Your recent exports" description="The last 24 hours." />
        {recent.isError && <Alert tone="error">{recent.error.message}</Alert>}
        {recent.data?.length ? (
          <table className="w-full text-sm">
            <caption className="sr-only">Your recent exports</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">File</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 font-medium">Asked for</th>
              </tr>
            </thead>
            <tbody>
              {recent.data.map((job) => (
                <tr key={job.id} className="border-t border-slate-200">
                  <td className="px-4 py-2">{job.downloadUrl ? <a className="text-brand-700 hover:underline" href={job.downloadUrl}>{job.fileName}</a> : `${job.kind} (${job.format})`}</td>
                  <td className="px-4 py-2">{job.status === "READY" ? `Ready · ${size(job.byteSize)}` : job.status === "FAILED" ? `Failed: ${job.error ?? ""}` : `${job.stage || "Waiting"} · ${job.progress}%`}</td>
                  <td className="px-4 py-2 text-slate-600">{new Date(job.createdAt).toLocaleString("en-GB")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="p-4 text-sm text-slate-600">{recent.isPending ? "Loading…" : "Nothing exported yet."}</p>
        )}
      </Card>
    </div>
  );
}

/** Any failure as an ApiError, so its problem (with pointers) is shown as the server sent it. */
const asApiError = (error: Error) => (error instanceof ApiError ? error : new ApiError(0, { detail: "The upload failed." }));

function ProblemList({ error }: { error: ApiError }) {
  return (
    <Alert tone="error" title={error.message}>
      {error.problem.errors?.length ? (
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {error.problem.errors.slice(0, 20).map((item) => (
            <li key={`${item.pointer}${item.detail}`}>
              <code>{item.pointer || "/"}</code> {item.detail}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}

function FilePicker({ id, label, hint, busy, action, onPick }: { id: string; label: string; hint: string; busy: boolean; action: string; onPick: (file: File) => void }) {
  const [file, setFile] = useState<File | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (file) onPick(file);
      }}
    >
      <Field id={id} label={label} hint={hint} className="min-w-64 flex-1">
        <Input id={id} type="file" accept="application/json,.json" aria-describedby={`${id}-hint`} onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
      </Field>
      <Button type="submit" loading={busy} disabled={!file}>
        {action}
      </Button>
    </form>
  );
}

function OtmImportCard() {
  const org = useOrg();
  const otm = useImportOtm(org.slug);
  if (!org.can("threat:write")) return null;
  return (
    <Card aria-labelledby="otm-import">
      <CardHeader id="otm-import" title="Import an Open Threat Model" description="A threat model from IriusRisk, Threat Dragon or another Bulwark, as OTM JSON. It becomes a draft on a new API named after the OTM project." />
      <div className="space-y-3 p-4">
        <FilePicker
          id="otm-file"
          label="OTM file"
          hint="JSON, up to 5 MB."
          busy={otm.isPending}
          action="Import model"
          onPick={(file) => otm.mutate(file)}
        />
        {otm.error && <ProblemList error={asApiError(otm.error)} />}
        {otm.data && (
          <Alert tone="success" title="Imported">
            {otm.data.threats} threats and {otm.data.mitigations} mitigations.{" "}
            {otm.data.skippedMitigations.length > 0 && `${otm.data.skippedMitigations.length} mitigations answered no threat and were left out. `}
            <a className="font-medium underline" href={`/${org.slug}/threat-models/${otm.data.threatModelId}`}>
              Open the model
            </a>
          </Alert>
        )}
      </div>
    </Card>
  );
}

function OrganizationCard() {
  const org = useOrg();
  const transfer = useImportOrganization(org.slug);
  return (
    <Card aria-labelledby="org-transfer">
      <CardHeader
        id="org-transfer"
        title="Whole organisation"
        description="Everything this organisation holds in one JSON file, to move it to another Bulwark or keep a copy. Members, audit history and notifications are not included."
        actions={<ExportButton label="Export organisation" request={{ kind: "organization" }} />}
      />
      {org.can("org:import") && (
        <div className="space-y-3 p-4">
          <FilePicker id="org-file" label="Import an organisation export" hint="Only into an organisation that is still empty. Up to 64 MB." busy={transfer.isPending} action="Import organisation" onPick={(file) => transfer.mutate(file)} />
          {transfer.error && <ProblemList error={asApiError(transfer.error)} />}
          {transfer.data && (
            <Alert tone="success" title="Imported">
              {transfer.data.counts.apis ?? 0} APIs, {transfer.data.counts.threatModels ?? 0} threat models, {transfer.data.counts.threats ?? 0} threats and {transfer.data.counts.mitigations ?? 0} mitigations.
              {transfer.data.peopleNotFound.length > 0 && ` Not members here, so their assignments were left empty: ${transfer.data.peopleNotFound.join(", ")}.`}
            </Alert>
          )}
        </div>
      )}
    </Card>
  );
}
