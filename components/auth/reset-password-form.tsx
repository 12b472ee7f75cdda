"use client";

import { useState } from "react";
import { PasswordStrength } from "@/components/auth/password-strength";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { useResetPassword } from "@/lib/query/auth";
import { ZPasswordReset } from "@/lib/validation/auth";

const CODE_HINT = "The 6-digit code from your authenticator app, or one of your recovery codes.";

export function ResetPasswordForm({ token, email, mfaRequired }: { token: string; email: string; mfaRequired: boolean }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const reset = useResetPassword();
  const { errors, formError, submitWith } = useFieldErrors();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    // Every session ended with the reset: sign in again with the new password.
    submitWith(ZPasswordReset, { token, password, code: mfaRequired ? code : undefined }, reset.mutate, () => hardNavigate("/login?reason=password-reset"));
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
      <Button type="submit" className="w-full" loading={reset.isPending || reset.isSuccess}>
        Set new password
      </Button>
    </form>
  );
}
