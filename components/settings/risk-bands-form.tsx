"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { RiskMatrix } from "@/components/threats/risk-matrix";
import { describedBy, Field, Input } from "@/components/ui/field";
import { useRiskBands, useSaveRiskBands } from "@/lib/query/settings";
import type { TRiskBandsResponse } from "@/lib/query/types";
import { ZRiskBands } from "@/lib/validation/settings";
import { SettingsCard, SettingsForm } from "./settings-card";
import { useSaveForm } from "./use-save-form";

export function RiskBandsCard() {
  const org = useOrg();
  const bands = useRiskBands(org.slug);
  return (
    <SettingsCard id="bands-heading" title="Risk bands" description="Score = likelihood × impact (1–25). The bands turn a score into a severity across the organisation." loadingLabel="Loading risk bands">
      {bands.data && <RiskBandsForm key={bands.data.version} initial={bands.data} editable={org.can("settings:manage")} />}
    </SettingsCard>
  );
}

function RiskBandsForm({ initial, editable }: { initial: TRiskBandsResponse; editable: boolean }) {
  const org = useOrg();
  const save = useSaveRiskBands(org.slug);
  const [values, setValues] = useState(initial);
  const { errors, formError, saved, submit } = useSaveForm(ZRiskBands, save.mutateAsync);
  const number = (key: "mediumFrom" | "highFrom" | "criticalFrom", label: string) => (
    <Field id={`band-${key}`} label={label} error={errors[key]}>
      <Input id={`band-${key}`} type="number" min={2} max={25} value={values[key]} disabled={!editable} onChange={(e) => setValues((v) => ({ ...v, [key]: Number(e.target.value) }))} invalid={!!errors[key]} aria-describedby={describedBy(`band-${key}`, errors[key])} />
    </Field>
  );
  return (
    <div className="grid gap-6 p-5 lg:grid-cols-[1fr_auto]">
      <SettingsForm onSubmit={submit(values)} formError={formError} saved={saved} savedNote="Saved; existing threats were re-banded." editable={editable} pending={save.isPending} saveLabel="Save bands" className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-3">
          {number("mediumFrom", "Medium from")}
          {number("highFrom", "High from")}
          {number("criticalFrom", "Critical from")}
        </div>
      </SettingsForm>
      <RiskMatrix threats={[]} bands={values} />
    </div>
  );
}
