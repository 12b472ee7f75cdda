"use client";

import { useState } from "react";
import { MfaEnrolment } from "@/components/account/mfa-enrolment";
import { RecoveryCodesList } from "@/components/account/recovery-codes-list";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input } from "@/components/ui/field";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useDisableMfa, useMfaStatus, useRegenerateRecoveryCodes } from "@/lib/query/account";
import { ZReauthenticate } from "@/lib/validation/auth";

type TMode = "idle" | "enrol" | "disable" | "regenerate";

export function TwoFactorCard() {
  const status = useMfaStatus();
  const [mode, setMode] = useState<TMode>("idle");
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const enabled = status.data?.enabled ?? false;
  return (
    <Card aria-labelledby="mfa-heading">
      <CardHeader
        id="mfa-heading"
        title="Two-factor authentication"
        description="A code from an app on your phone, asked for after your password."
        actions={status.data && <Badge tone={enabled ? "success" : "neutral"}>{enabled ? "On" : "Off"}</Badge>}
      />
      <div className="space-y-4 p-5">
        {!status.data ? (
          <TableSkeleton rows={1} label="Loading two-factor status" />
        ) : newCodes ? (
          <RecoveryCodesList codes={newCodes} onDone={() => setNewCodes(null)} doneLabel="Done" />
        ) : mode === "enrol" ? (
          <MfaEnrolment onDone={() => setMode("idle")} onCancel={() => setMode("idle")} />
        ) : mode === "disable" || mode === "regenerate" ? (
          <PasswordCheck mode={mode} onCancel={() => setMode("idle")} onCodes={(codes) => (setNewCodes(codes), setMode("idle"))} />
        ) : enabled ? (
          <>
            <p className="text-sm text-slate-700">
              On since {new Date(status.data.enabledAt!).toLocaleDateString()}. {status.data.recoveryCodesLeft} of 10 recovery codes left.
            </p>
            {status.data.recoveryCodesLeft <= 3 && <Alert tone="warning">Few recovery codes are left. Make new ones and save them.</Alert>}
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" onClick={() => setMode("regenerate")}>
                New recovery codes
              </Button>
              <Button variant="danger" onClick={() => setMode("disable")}>
                Turn off
              </Button>
            </div>
          </>
        ) : (
          <>
            <p className="text-sm text-slate-700">Protect your account with a second step at sign-in. Bulwark holds other teams&apos; weaknesses: it is worth it.</p>
            <Button onClick={() => setMode("enrol")}>Set up</Button>
          </>
        )}
      </div>
    </Card>
  );
}

function PasswordCheck({ mode, onCancel, onCodes }: { mode: "disable" | "regenerate"; onCancel: () => void; onCodes: (codes: string[]) => void }) {
  const disable = useDisableMfa();
  const regenerate = useRegenerateRecoveryCodes();
  const [password, setPassword] = useState("");
  const { errors, formError, validate, fromError } = useFieldErrors();
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = validate(ZReauthenticate, { password });
    if (!input) return;
    try {
      if (mode === "disable") {
        await disable.mutateAsync(input);
        onCancel();
      } else {
        onCodes((await regenerate.mutateAsync(input)).recoveryCodes);
      }
    } catch (error) {
      fromError(error);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <p className="text-sm text-slate-700">{mode === "disable" ? "Confirm with your password to turn two-factor authentication off. Your recovery codes stop working too." : "Confirm with your password. The old recovery codes stop working."}</p>
      <Field id="reauth-password" label="Your password" error={errors.password} className="max-w-sm">
        <Input id="reauth-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} invalid={!!errors.password} aria-describedby={describedBy("reauth-password", errors.password)} autoFocus />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant={mode === "disable" ? "danger" : "primary"} loading={disable.isPending || regenerate.isPending}>
          {mode === "disable" ? "Turn off two-factor authentication" : "Make new recovery codes"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
