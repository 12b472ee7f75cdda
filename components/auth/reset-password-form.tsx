"use client";

import { useState } from "react";
import { PasswordStrength } from "@/components/auth/password-strength";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { apiFetch } from "@/lib/query/fetcher";
import { ZPasswordReset } from "@/lib/validation/auth";

const CODE_HINT = "The 6-digit code from your authenticator app, or one of your recovery codes.";

export function ResetPasswordForm({ token, email, mfaRequired }: { token: string; email: string; mfaRequired: boolean }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(false);
  const { errors, formError, validate, fromError } = useFieldErrors();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = validate(ZPasswordReset, { token, password, code: mfaRequired ? code : undefined });
    if (!input) return;
    setPending(true);
    try {
      await apiFetch("/api/v1/password-reset/confirm", { method: "POST", body: input });
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- every session ended; a full load starts clean
      window.location.assign("/login?reason=password-reset");
    } catch (error) {
      fromError(error);
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <p className="text-sm text-slate-700">
        For <span className="font-medium">{email}</span>. Every session of this account ends when the password changes.
      </p>
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <Field id="password" label="New password" error={errors.password} hint="At least 12 characters. A passphrase works well.">
        <Input id="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} invalid={!!errors.password} aria-describedby={describedBy("password", errors.password, "At least 12 characters.")} autoFocus />
      </Field>
      <PasswordStrength id="password-strength" password={password} userInputs={[email]} />
      {mfaRequired && (
        <Field id="code" label="Authentication code" error={errors.code} hint={CODE_HINT}>
          <Input id="code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} invalid={!!errors.code} aria-describedby={describedBy("code", errors.code, CODE_HINT)} />
        </Field>
      )}
      <Button type="submit" className="w-full" loading={pending}>
        Set new password
      </Button>
    </form>
  );
}
