"use client";

import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { useRequestPasswordReset } from "@/lib/query/auth";
import { ZPasswordResetRequest } from "@/lib/validation/auth";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const requestReset = useRequestPasswordReset();
  const { errors, formError, submitWith } = useFieldErrors();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The field's own value: text typed before the page finished hydrating never reached state.
    const typed = (event.currentTarget.elements.namedItem("email") as HTMLInputElement | null)?.value ?? email;
    submitWith(ZPasswordResetRequest, { email: typed }, requestReset.mutate, (_, input) => setSentTo(input.email));
  }

  if (sentTo) {
    return (
      <Alert tone="success" className="mt-6" title="Check your email">
        If {sentTo} has a Bulwark account, a link to choose a new password is on its way. It works once, for 15 minutes.
      </Alert>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field id="email" label="Email" error={errors.email}>
        <Input id="email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} invalid={!!errors.email} aria-describedby={describedBy("email", errors.email)} autoFocus />
      </Field>
      <Button type="submit" className="w-full" loading={requestReset.isPending}>
        Email me a reset link
      </Button>
    </form>
  );
}
