"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { CommentThread } from "@/components/comments/comment-thread";
import { useOrg } from "@/components/shell/org-context";
import { SeverityBadge, ThreatStatusBadge } from "@/components/threats/labels";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, Field, Input, Select, Textarea } from "@/components/ui/field";
import type { MitigationStatus } from "@/lib/generated/prisma/enums";
import { ApiError } from "@/lib/query/fetcher";
import { mitigationKeys } from "@/lib/query/keys";
import { useMembers } from "@/lib/query/members";
import { useDeleteMitigation, useMitigation, useSla, useUpdateMitigation } from "@/lib/query/mitigations";
import type { TMitigationItem } from "@/lib/query/types";
import { ZUpdateMitigation } from "@/lib/validation/mitigations";
import { DueDate, MITIGATION_STATUS, MITIGATION_STATUSES, MitigationStatusBadge, PRIORITY_LABEL, PriorityOptions } from "./labels";

type TFormValues = {
  title: string;
  description: string;
  assigneeId: string;
  dueDate: string;
  priority: number;
  status: MitigationStatus;
  wontDoReason: string;
  evidenceUrl: string;
  evidenceNote: string;
  ticketUrl: string;
};

function formValues(mitigation: TMitigationItem): TFormValues {
  return {
    title: mitigation.title,
    description: mitigation.description,
    assigneeId: mitigation.assigneeId ?? "",
    dueDate: mitigation.dueDateManual ? (mitigation.dueDate?.slice(0, 10) ?? "") : "",
    priority: mitigation.priority,
    status: mitigation.status,
    wontDoReason: mitigation.wontDoReason ?? "",
    evidenceUrl: mitigation.evidenceUrl ?? "",
    evidenceNote: mitigation.evidenceNote ?? "",
    ticketUrl: mitigation.ticketUrl ?? "",
  };
}

const NULLABLE = new Set<keyof TFormValues>(["assigneeId", "dueDate", "wontDoReason", "evidenceUrl", "evidenceNote", "ticketUrl"]);

/** Only what the person changed is sent, so an untouched SLA date is not pinned as a manual one. */
function changes(before: TFormValues, after: TFormValues) {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof TFormValues)[]) {
    if (after[key] === before[key]) continue;
    const value = after[key];
    out[key] = NULLABLE.has(key) && typeof value === "string" && value.trim() === "" ? null : value;
  }
  return out;
}

export function MitigationDetail({ initial }: { initial: TMitigationItem }) {
  const org = useOrg();
  const { data: mitigation = initial } = useMitigation(org.slug, initial.id, initial);
  const editable = org.can("threat:write");
  // Lives here, not in the form: saving bumps the version, which remounts the form.
  const [saved, setSaved] = useState(false);
  const apis = [...new Map(mitigation.threats.map((threat) => [threat.threatModel.api.id, threat.threatModel.api])).values()];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-slate-600">
            <Link href={`/${org.slug}/mitigations`} className="hover:underline">
              Mitigations
            </Link>
            {apis.map((api) => (
              <span key={api.id}>
                {" · "}
                <Link href={`/${org.slug}/apis/${api.id}`} className="hover:underline">
                  {api.name}
                </Link>
              </span>
            ))}
          </p>
          <h1 className="mt-1 text-2xl font-semibold text-slate-900">{mitigation.title}</h1>
          <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <MitigationStatusBadge status={mitigation.status} />
            {mitigation.severity && <SeverityBadge severity={mitigation.severity} />}
            <span>{PRIORITY_LABEL[mitigation.priority]}</span>
            <span>· {mitigation.assignee ? `Assigned to ${mitigation.assignee.name}` : "Unassigned"}</span>
          </p>
        </div>
        <div className="text-right text-sm">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">Due</p>
          <DueDate date={mitigation.dueDate} overdue={mitigation.overdue} />
          {mitigation.dueDate && <p className="text-xs text-slate-600">{mitigation.dueDateManual ? "set by hand" : "from the severity SLA"}</p>}
        </div>
      </div>

      {mitigation.status === "VERIFIED" && mitigation.verifiedBy && (
        <Alert tone="success">
          Verified by {mitigation.verifiedBy.name} on {new Date(mitigation.verifiedAt!).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}.
        </Alert>
      )}

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card aria-labelledby="mitigation-form-heading">
          <CardHeader id="mitigation-form-heading" title={editable ? "Plan and track" : "Details"} description={editable ? "Evidence is required before a mitigation can be marked verified." : undefined} />
          {saved && (
            <Alert tone="success" className="mx-5 mt-5">
              Saved.
            </Alert>
          )}
          <MitigationForm key={mitigation.version} mitigation={mitigation} editable={editable} onSaved={setSaved} />
        </Card>
        <div className="space-y-6">
          <Card aria-labelledby="linked-threats-heading">
            <CardHeader id="linked-threats-heading" title="Answers these threats" description="When every linked mitigation is verified, each threat is proposed as mitigated." />
            <ul className="divide-y divide-slate-100">
              {mitigation.threats.map((threat) => (
                <li key={threat.id} className="px-5 py-3 text-sm">
                  <Link href={`/${org.slug}/threat-models/${threat.threatModel.id}?tab=threats`} className="font-medium text-brand-700 hover:underline">
                    {threat.title}
                  </Link>
                  <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                    <SeverityBadge severity={threat.severity} />
                    <ThreatStatusBadge status={threat.status} />
                    <span>
                      {threat.threatModel.api.name} · model v{threat.threatModel.modelVersion}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>

      <Card aria-labelledby="mitigation-comments-heading">
        <CardHeader id="mitigation-comments-heading" title="Discussion" description="Markdown is supported. Type @ to mention a member; they are notified." />
        <CommentThread target={{ kind: "mitigations", id: mitigation.id }} />
      </Card>
    </div>
  );
}

function MitigationForm({ mitigation, editable, onSaved: setSaved }: { mitigation: TMitigationItem; editable: boolean; onSaved: (saved: boolean) => void }) {
  const org = useOrg();
  const router = useRouter();
  const client = useQueryClient();
  const members = useMembers(org.slug);
  const sla = useSla(org.slug);
  const update = useUpdateMitigation(org.slug, mitigation.id);
  const remove = useDeleteMitigation(org.slug);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const initial = formValues(mitigation);
  const [values, setValues] = useState(initial);
  const { errors, formError, validate, fromError, clear } = useFieldErrors();
  const set = <K extends keyof TFormValues>(key: K, value: TFormValues[K]) => {
    setSaved(false);
    setValues((current) => ({ ...current, [key]: value }));
  };
  const assigneeIsMe = (values.assigneeId || null) === org.userId;
  const verifyBlocked = values.status === "VERIFIED" && mitigation.status !== "VERIFIED" && sla.data?.independentVerification && assigneeIsMe;
  const control = (key: keyof TFormValues) => ({ invalid: !!errors[key], "aria-describedby": describedBy(`mitigation-${key}`, errors[key]), disabled: !editable });

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = validate(ZUpdateMitigation, { ...changes(initial, values), version: mitigation.version });
    if (!input) return;
    try {
      await update.mutateAsync(input);
      clear();
      setSaved(true);
    } catch (error) {
      fromError(error);
      // A conflict means the form is stale: show the message, keep what the person typed.
      if (error instanceof ApiError && error.status === 409) clear();
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 p-5">
      {formError && <Alert tone="error">{formError}</Alert>}
      {update.isError && update.error instanceof ApiError && update.error.status === 409 && (
        <Alert
          tone="warning"
          actions={
            <Button size="sm" variant="secondary" onClick={() => void client.invalidateQueries({ queryKey: mitigationKeys.detail(org.slug, mitigation.id) })}>
              Reload
            </Button>
          }
        >
          {update.error.message}
        </Alert>
      )}
      <Field id="mitigation-title" label="Title" error={errors.title} required>
        <Input id="mitigation-title" value={values.title} onChange={(e) => set("title", e.target.value)} {...control("title")} />
      </Field>
      <Field id="mitigation-description" label="Description" error={errors.description}>
        <Textarea id="mitigation-description" rows={3} value={values.description} onChange={(e) => set("description", e.target.value)} {...control("description")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="mitigation-assigneeId" label="Assignee" error={errors.assigneeId}>
          <Select id="mitigation-assigneeId" value={values.assigneeId} onChange={(e) => set("assigneeId", e.target.value)} {...control("assigneeId")}>
            <option value="">Unassigned</option>
            {(members.data ?? []).map((member) => (
              <option key={member.user.id} value={member.user.id}>
                {member.user.name}
                {member.user.id === org.userId ? " (me)" : ""}
              </option>
            ))}
            {/* Keep the current assignee visible even before the member list loads. */}
            {mitigation.assignee && !members.data && <option value={mitigation.assignee.id}>{mitigation.assignee.name}</option>}
          </Select>
        </Field>
        <Field id="mitigation-dueDate" label="Due date" error={errors.dueDate} hint="Leave empty to follow the severity SLA.">
          <Input id="mitigation-dueDate" type="date" value={values.dueDate} onChange={(e) => set("dueDate", e.target.value)} {...control("dueDate")} aria-describedby={describedBy("mitigation-dueDate", errors.dueDate, "hint")} />
        </Field>
        <Field id="mitigation-priority" label="Priority" error={errors.priority}>
          <Select id="mitigation-priority" value={values.priority} onChange={(e) => set("priority", Number(e.target.value))} {...control("priority")}>
            <PriorityOptions />
          </Select>
        </Field>
      </div>
      <Field id="mitigation-status" label="Status" error={errors.status}>
        <Select id="mitigation-status" value={values.status} onChange={(e) => set("status", e.target.value as MitigationStatus)} {...control("status")}>
          {MITIGATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {MITIGATION_STATUS[status].label}
            </option>
          ))}
        </Select>
      </Field>
      {verifyBlocked && <Alert tone="warning">This organisation asks for someone other than the assignee to verify. Ask a colleague to mark it verified.</Alert>}
      {values.status === "WONT_DO" && (
        <Field id="mitigation-wontDoReason" label="Why will this not be done?" error={errors.wontDoReason} required>
          <Textarea id="mitigation-wontDoReason" rows={2} value={values.wontDoReason} onChange={(e) => set("wontDoReason", e.target.value)} {...control("wontDoReason")} />
        </Field>
      )}
      <fieldset className="space-y-4 rounded-md p-4 ring-1 ring-slate-200">
        <legend className="px-1 text-sm font-medium text-slate-800">Evidence {values.status === "VERIFIED" && <span className="text-red-700">(required to verify)</span>}</legend>
        <Field id="mitigation-evidenceUrl" label="Evidence link" error={errors.evidenceUrl} hint="A pull request, test run, scan report or config change.">
          <Input id="mitigation-evidenceUrl" type="url" placeholder="https://" value={values.evidenceUrl} onChange={(e) => set("evidenceUrl", e.target.value)} {...control("evidenceUrl")} aria-describedby={describedBy("mitigation-evidenceUrl", errors.evidenceUrl, "hint")} />
        </Field>
        <Field id="mitigation-evidenceNote" label="Evidence note" error={errors.evidenceNote}>
          <Textarea id="mitigation-evidenceNote" rows={2} value={values.evidenceNote} onChange={(e) => set("evidenceNote", e.target.value)} {...control("evidenceNote")} />
        </Field>
      </fieldset>
      <Field id="mitigation-ticketUrl" label="Ticket" error={errors.ticketUrl} hint="The Jira, Linear or GitHub issue that tracks the work.">
        <Input id="mitigation-ticketUrl" type="url" placeholder="https://" value={values.ticketUrl} onChange={(e) => set("ticketUrl", e.target.value)} {...control("ticketUrl")} aria-describedby={describedBy("mitigation-ticketUrl", errors.ticketUrl, "hint")} />
      </Field>
      {!editable && mitigation.ticketUrl && (
        <p className="text-sm">
          <a href={mitigation.ticketUrl} rel="noopener noreferrer nofollow" target="_blank" className="text-brand-700 underline">
            Open the ticket
          </a>
        </p>
      )}
      {editable && (
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="danger" className="mr-auto" onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
          <Button variant="secondary" onClick={() => (setValues(initial), clear(), setSaved(false))}>
            Discard changes
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save mitigation
          </Button>
        </div>
      )}
      <Dialog open={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this mitigation?" description="The linked threats stay; the discussion on this mitigation is deleted with it.">
        {remove.isError && <Alert tone="error">{remove.error.message}</Alert>}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate(mitigation.id, { onSuccess: () => router.push(`/${org.slug}/mitigations`) })}>
            Delete mitigation
          </Button>
        </div>
      </Dialog>
    </form>
  );
}
