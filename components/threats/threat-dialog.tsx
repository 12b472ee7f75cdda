"use client";

import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogForm } from "@/components/ui/dialog-form";
import { EvidenceList } from "@/components/ui/evidence-list";
import { describedBy, Field, Input, Options, Select, Textarea } from "@/components/ui/field";
import type { ThreatStatus } from "@/lib/generated/prisma/enums";
import { ApiError } from "@/lib/query/fetcher";
import { useDeleteThreat, useSaveThreat } from "@/lib/query/threats";
import type { TThreatItem } from "@/lib/query/types";
import { IMPACT_HELP, LIKELIHOOD_HELP, OWASP_FACTORS, riskScore, severityOf, type TRiskBands } from "@/lib/core/threats/risk";
import { ZCreateThreat } from "@/lib/validation/threats";
import { SEVERITY, THREAT_STATUS } from "./labels";

type Operation = { id: string; method: string; path: string };

export function ThreatDialog({
  modelId,
  threat,
  operations,
  bands,
  open,
  onClose,
  trackingOnly = false,
}: {
  modelId: string;
  threat: TThreatItem | null;
  operations: Operation[];
  bands: TRiskBands;
  open: boolean;
  onClose: () => void;
  /** An approved model's analysis is frozen: only the status and a risk acceptance change. */
  trackingOnly?: boolean;
}) {
  const org = useOrg();
  const save = useSaveThreat(org.slug, modelId);
  const remove = useDeleteThreat(org.slug, modelId);
  const { errors, formError, validate, fromError, clear } = useFieldErrors();
  const [values, setValues] = useState(() => ({
    title: threat?.title ?? "",
    description: threat?.description ?? "",
    likelihood: threat?.likelihood ?? 3,
    impact: threat?.impact ?? 3,
    status: (threat?.status ?? "OPEN") as ThreatStatus,
    acceptanceJustification: threat?.acceptanceJustification ?? "",
    acceptanceExpiresAt: threat?.acceptanceExpiresAt?.slice(0, 10) ?? "",
    operationIds: threat?.operations.map((operation) => operation.id) ?? [],
  }));
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((v) => ({ ...v, [key]: value }));
  const score = riskScore(values.likelihood, values.impact);
  // The linked operations the rules gave reasons for (a person's links have none).
  const evidence = (threat?.operations ?? [])
    .filter((operation) => operation.reasons.length > 0)
    .map((operation) => ({ id: operation.id, operationKey: `${operation.method} ${operation.path}`, removed: operation.removedAt !== null, reasons: operation.reasons }));
  const severity = severityOf(score, bands);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const payload = {
      ...values,
      acceptanceJustification: values.status === "ACCEPTED" ? values.acceptanceJustification : null,
      acceptanceExpiresAt: values.status === "ACCEPTED" ? values.acceptanceExpiresAt || null : null,
    };
    const checked = validate(ZCreateThreat, payload);
    if (!checked) return;
    const { status, acceptanceJustification, acceptanceExpiresAt } = payload;
    const update = trackingOnly ? { status, acceptanceJustification, acceptanceExpiresAt } : payload;
    try {
      if (threat) await save.mutateAsync({ id: threat.id, update: { ...update, version: threat.version } });
      else await save.mutateAsync({ create: checked });
      clear();
      onClose();
    } catch (error) {
      fromError(error);
      if (error instanceof ApiError && error.status === 409) clear();
    }
  }

  return (
    <DialogForm
      open={open}
      onClose={onClose}
      size="lg"
      title={trackingOnly ? "Update threat status" : threat ? "Edit threat" : "Add a threat"}
      onSubmit={submit}
      error={formError}
      submitLabel={trackingOnly ? "Save status" : threat ? "Save threat" : "Add threat"}
      pending={save.isPending}
      actions={
        // Checklist threats follow their answer; only manual ones are deleted outright.
        threat &&
        !threat.catalogEntryKey &&
        !trackingOnly && (
          <Button variant="danger" className="mr-auto" loading={remove.isPending} onClick={() => remove.mutate(threat.id, { onSuccess: onClose })}>
            Delete threat
          </Button>
        )
      }
    >
      {trackingOnly && <Alert tone="info">This model is approved, so its analysis is frozen. Track the threat here; start a new version to change the analysis.</Alert>}
      <fieldset disabled={trackingOnly} className="space-y-4">
      <Field id="threat-title" label="Title" error={errors.title} required>
        <Input id="threat-title" value={values.title} onChange={(e) => set("title", e.target.value)} invalid={!!errors.title} aria-describedby={describedBy("threat-title", errors.title)} />
      </Field>
      <Field id="threat-description" label="Description" error={errors.description}>
        <Textarea id="threat-description" rows={4} value={values.description} onChange={(e) => set("description", e.target.value)} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-[1fr_1fr_auto]">
        <FactorSelect id="threat-likelihood" label="Likelihood" value={values.likelihood} help={LIKELIHOOD_HELP} onChange={(value) => set("likelihood", value)} />
        <FactorSelect id="threat-impact" label="Impact" value={values.impact} help={IMPACT_HELP} onChange={(value) => set("impact", value)} />
        <div className="text-center" aria-live="polite">
          <p className="text-sm font-medium text-slate-800">Risk</p>
          <p className={`mt-1 rounded-md px-3 py-1.5 text-lg font-semibold ${SEVERITY[severity].cell}`} data-testid="risk-score">
            {score} · {SEVERITY[severity].label}
          </p>
        </div>
      </div>
      <details className="text-xs text-slate-700">
        <summary className="cursor-pointer font-medium">OWASP Risk Rating factors</summary>
        <p className="mt-1">
          <strong>Likelihood:</strong> {OWASP_FACTORS.likelihood.join(", ")}.
        </p>
        <p className="mt-1">
          <strong>Impact:</strong> {OWASP_FACTORS.impact.join(", ")}.
        </p>
      </details>
      </fieldset>
      <Field id="threat-status" label="Status" error={errors.status}>
        <Select id="threat-status" value={values.status} onChange={(e) => set("status", e.target.value as ThreatStatus)}>
          <Options options={(Object.keys(THREAT_STATUS) as ThreatStatus[]).map((status) => ({ value: status, label: THREAT_STATUS[status].label }))} />
        </Select>
      </Field>
      {values.status === "ACCEPTED" && (
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <Field id="threat-justification" label="Why is the risk accepted?" error={errors.acceptanceJustification} required>
            <Textarea id="threat-justification" rows={2} value={values.acceptanceJustification} onChange={(e) => set("acceptanceJustification", e.target.value)} invalid={!!errors.acceptanceJustification} aria-describedby={describedBy("threat-justification", errors.acceptanceJustification)} />
          </Field>
          <Field id="threat-expiry" label="Acceptance expires" error={errors.acceptanceExpiresAt} required>
            <Input id="threat-expiry" type="date" value={values.acceptanceExpiresAt} onChange={(e) => set("acceptanceExpiresAt", e.target.value)} invalid={!!errors.acceptanceExpiresAt} aria-describedby={describedBy("threat-expiry", errors.acceptanceExpiresAt)} />
          </Field>
        </div>
      )}
      {evidence.length > 0 && (
        <section aria-labelledby="threat-evidence-heading" className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
          <h3 id="threat-evidence-heading" className="text-sm font-medium text-slate-800">
            Why the rules linked {evidence.length === 1 ? "this operation" : `these ${evidence.length} operations`}
          </h3>
          <div className="mt-2 max-h-56 overflow-y-auto">
            <EvidenceList label="Reasons per operation" operations={evidence} />
          </div>
        </section>
      )}
      {operations.length > 0 && !trackingOnly && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Affected operations</legend>
          <div className="mt-2 max-h-44 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-slate-200">
            {operations.map((operation) => (
              <label key={operation.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={values.operationIds.includes(operation.id)}
                  onChange={(e) => set("operationIds", e.target.checked ? [...values.operationIds, operation.id] : values.operationIds.filter((id) => id !== operation.id))}
                />
                <code className="font-mono text-xs">
                  {operation.method} {operation.path}
                </code>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {remove.isError && <Alert tone="error">{remove.error.message}</Alert>}
    </DialogForm>
  );
}

const SCORES = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

/** Likelihood or impact, 1–5, with what the chosen number means as the hint. */
function FactorSelect({ id, label, value, help, onChange }: { id: string; label: string; value: number; help: Record<number, string>; onChange: (value: number) => void }) {
  return (
    <Field id={id} label={label} hint={help[value]}>
      <Select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))} aria-describedby={`${id}-hint`}>
        <Options options={SCORES} />
      </Select>
    </Field>
  );
}
