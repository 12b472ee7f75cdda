"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { RiskMatrix } from "@/components/threats/risk-matrix";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input } from "@/components/ui/field";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useRiskBands, useSaveRiskBands } from "@/lib/query/settings";
import type { TRiskBandsResponse } from "@/lib/query/types";
import { ZRiskBands } from "@/lib/validation/settings";
import { useSaveForm } from "./use-save-form";

export function RiskBandsCard() {
  const org = useOrg();
  const bands = useRiskBands(org.slug);
  return (
    <Card aria-labelledby="bands-heading">
      <CardHeader id="bands-heading" title="Risk bands" description="Score = likelihood × impact (1–25). The bands turn a score into a severity across the organisation." />
      {bands.data ? <RiskBandsForm key={bands.data.version} initial={bands.data} editable={org.can("settings:manage")} /> : <TableSkeleton rows={2} label="Loading risk bands" />}
    </Card>
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
      <form
        noValidate
        className="space-y-4"
        onSubmit={submit(values)}
      >
        {formError && <Alert tone="error">{formError}</Alert>}
        {saved && <Alert tone="success">Saved; existing threats were re-banded.</Alert>}
        <div className="grid gap-4 sm:grid-cols-3">
          {number("mediumFrom", "Medium from")}
          {number("highFrom", "High from")}
          {number("criticalFrom", "Critical from")}
        </div>
        {editable && (
          <Button type="submit" loading={save.isPending}>
            Save bands
          </Button>
        )}
      </form>
      <RiskMatrix threats={[]} bands={values} />
    </div>
  );
}
