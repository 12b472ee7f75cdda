"use client";

import { useState } from "react";
import { PasswordStrength } from "@/components/auth/password-strength";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input } from "@/components/ui/field";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { useChangePassword } from "@/lib/query/account";
import { ZChangePassword } from "@/lib/validation/auth";

export function ChangePasswordForm() {
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useChangePassword();
  const { errors, formError, submitWith } = useFieldErrors();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    // Every session ended with the change, this one too: sign in again with the new password.
    submitWith(ZChangePassword, { currentPassword, newPassword }, change.mutate, () => hardNavigate("/login?reason=password-changed"));
  }

  return (
    <Card aria-labelledby="password-heading">
      <CardHeader id="password-heading" title="Change password" description="Changing it signs you out everywhere, on every device." />
      <form onSubmit={submit} noValidate className="space-y-4 p-5">
        {formError && <Alert tone="error">{formError}</Alert>}
        <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
          <Input id="currentPassword" type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} invalid={!!errors.currentPassword} aria-describedby={describedBy("currentPassword", errors.currentPassword)} />
        </Field>
        <Field id="newPassword" label="New password" error={errors.newPassword} hint="At least 12 characters.">
          <Input id="newPassword" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} invalid={!!errors.newPassword} aria-describedby={describedBy("newPassword", errors.newPassword, "At least 12 characters.")} />
        </Field>
        <PasswordStrength id="newPassword-strength" password={newPassword} />
        <Button type="submit" loading={change.isPending || change.isSuccess}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
