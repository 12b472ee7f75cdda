"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { describedBy, Field, Input } from "@/components/ui/field";
import { useSaveSla, useSla } from "@/lib/query/mitigations";
import type { TSlaResponse } from "@/lib/query/types";
import { ZSlaSettings } from "@/lib/validation/mitigations";
import { SettingsCard, SettingsForm } from "./settings-card";
import { useSaveForm } from "./use-save-form";

const DAYS = [
  { key: "slaCriticalDays", label: "Critical" },
  { key: "slaHighDays", label: "High" },
  { key: "slaMediumDays", label: "Medium" },
  { key: "slaLowDays", label: "Low" },
] as const;

export function SlaCard() {
  const org = useOrg();
  const sla = useSla(org.slug);
  return (
    <SettingsCard
      id="sla-heading"
      title="Mitigation SLAs and reviews"
      description="Days to fix, by the highest severity among a mitigation's threats (the clock starts when the work is assigned or planned), and how long an approved threat model stays current."
      loadingLabel="Loading SLAs"
    >
      {sla.data && <SlaForm key={sla.data.version} initial={sla.data} editable={org.can("settings:manage")} />}
    </SettingsCard>
  );
}

function SlaForm({ initial, editable }: { initial: TSlaResponse; editable: boolean }) {
  const org = useOrg();
  const save = useSaveSla(org.slug);
  const [values, setValues] = useState(initial);
  const { errors, formError, saved, submit } = useSaveForm(ZSlaSettings, save.mutateAsync);
  return (
    <SettingsForm onSubmit={submit(values)} formError={formError} saved={saved} savedNote="Saved. New assignments use these SLAs; existing due dates stay." editable={editable} pending={save.isPending} saveLabel="Save SLAs">
      <div className="grid gap-4 sm:grid-cols-4">
        {DAYS.map(({ key, label }) => (
          <Field key={key} id={`sla-${key}`} label={`${label} (days)`} error={errors[key]}>
            <Input id={`sla-${key}`} type="number" min={1} max={730} value={values[key]} disabled={!editable} onChange={(e) => setValues((v) => ({ ...v, [key]: Number(e.target.value) }))} invalid={!!errors[key]} aria-describedby={describedBy(`sla-${key}`, errors[key])} />
          </Field>
        ))}
      </div>
      <Field id="sla-reviewIntervalDays" label="Re-review threat models after (days)" error={errors.reviewIntervalDays} hint="An approved model older than this no longer counts as current on the dashboard." className="max-w-sm">
        <Input
          id="sla-reviewIntervalDays"
          type="number"
          min={7}
          max={1095}
          value={values.reviewIntervalDays}
          disabled={!editable}
          onChange={(e) => setValues((v) => ({ ...v, reviewIntervalDays: Number(e.target.value) }))}
          invalid={!!errors.reviewIntervalDays}
          aria-describedby={describedBy("sla-reviewIntervalDays", errors.reviewIntervalDays, "hint")}
        />
      </Field>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" checked={values.independentVerification} disabled={!editable} onChange={(e) => setValues((v) => ({ ...v, independentVerification: e.target.checked }))} />
        <span>
          Independent verification
          <span className="block text-xs text-slate-600">Someone other than the assignee must mark a mitigation verified.</span>
        </span>
      </label>
    </SettingsForm>
  );
}
