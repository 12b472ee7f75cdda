"use client";

import { useState } from "react";
import { RecoveryCodesList } from "@/components/account/recovery-codes-list";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { useConfirmMfaEnrolment, useStartMfaEnrolment } from "@/lib/query/account";
import { ZMfaCode, ZReauthenticate } from "@/lib/validation/auth";

const CODE_HINT = "The 6-digit code the app shows for Bulwark now.";

/**
 * Setting up TOTP: scan the QR code (or type the key), prove it with a first code, then save
 * the recovery codes. The secret is shown only here and only until it is confirmed.
 */
export function MfaEnrolment({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const start = useStartMfaEnrolment();
  const confirm = useConfirmMfaEnrolment();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const { errors, formError, validate, fromError } = useFieldErrors();

  if (confirm.data) return <RecoveryCodesList codes={confirm.data.recoveryCodes} onDone={onDone} />;

  if (!start.data) {
    const begin = async (event: React.FormEvent) => {
      event.preventDefault();
      const input = validate(ZReauthenticate, { password });
      if (!input) return;
      try {
        await start.mutateAsync(input);
      } catch (error) {
        fromError(error);
      }
    };
    return (
      <form onSubmit={begin} noValidate className="space-y-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <p className="text-sm text-slate-700">You need an authenticator app on your phone, such as 1Password, Google Authenticator, Microsoft Authenticator or Aegis. Confirm it is you first.</p>
        <Field id="mfa-password" label="Your password" error={errors.password} className="max-w-sm">
          <Input id="mfa-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} invalid={!!errors.password} aria-describedby={describedBy("mfa-password", errors.password)} />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" loading={start.isPending}>
            Set up two-factor authentication
          </Button>
          {onCancel && (
            <Button variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </div>
      </form>
    );
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = validate(ZMfaCode, { code });
    if (!input) return;
    try {
      await confirm.mutateAsync(input);
    } catch (error) {
      fromError(error);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <ol className="list-decimal space-y-4 pl-5 text-sm text-slate-800">
        <li>
          Scan this QR code with your authenticator app.
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL drawn on the server; nothing to optimise */}
          <img src={start.data.qrCode} alt="QR code to add Bulwark to your authenticator app" width={176} height={176} className="mt-2 rounded-md ring-1 ring-slate-200" />
        </li>
        <li>
          Or type this key into the app:{" "}
          <code data-testid="mfa-manual-key" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm">
            {start.data.manualKey}
          </code>
        </li>
        <li>Enter the code the app shows to finish.</li>
      </ol>
      <Field id="mfa-code" label="Code from the app" error={errors.code} hint={CODE_HINT} className="max-w-xs">
        <Input id="mfa-code" autoComplete="one-time-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} invalid={!!errors.code} aria-describedby={describedBy("mfa-code", errors.code, CODE_HINT)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" loading={confirm.isPending}>
          Turn on
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
