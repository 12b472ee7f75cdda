"use client";

import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { PasswordStrength } from "@/components/auth/password-strength";
import { useAcceptInvitation } from "@/lib/query/auth";
import { ZNewPassword, ZPersonName } from "@/lib/validation/auth";
import { useFieldErrors } from "./use-field-errors";

const ZNewAccount = z.object({ name: ZPersonName, password: ZNewPassword });

export function AcceptInvitationForm({ token, email, needsAccount }: { token: string; email: string; needsAccount: boolean }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const accept = useAcceptInvitation(token, email);
  const { errors, formError, submitWith, fromError } = useFieldErrors();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    // A full navigation, so every part of the app starts again with the new membership and session.
    const joined = ({ orgSlug }: { orgSlug: string }) => hardNavigate(`/${orgSlug}/apis`);
    if (needsAccount) submitWith(ZNewAccount, { name, password }, accept.mutate, joined);
    else accept.mutate({}, { onSuccess: joined, onError: fromError });
  }

  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      {needsAccount && (
        <>
          <Field id="name" label="Your name" error={errors.name} required>
            <Input id="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} invalid={!!errors.name} aria-describedby={describedBy("name", errors.name)} />
          </Field>
          <Field id="password" label="Choose a password" error={errors.password} hint="At least 12 characters." required>
            <Input id="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} invalid={!!errors.password} aria-describedby={describedBy("password", errors.password, "At least 12 characters.")} />
          </Field>
          <PasswordStrength id="password-strength" password={password} userInputs={[email, name]} />
        </>
      )}
      <Button type="submit" className="w-full" loading={accept.isPending}>
        {needsAccount ? "Create account and join" : "Accept invitation"}
      </Button>
    </form>
  );
}
