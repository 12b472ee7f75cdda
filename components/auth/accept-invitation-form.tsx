"use client";

import { useState } from "react";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { PasswordStrength } from "@/components/auth/password-strength";
import { signInWithPassword } from "@/lib/query/auth";
import { apiFetch } from "@/lib/query/fetcher";
import { ZNewPassword, ZPersonName } from "@/lib/validation/auth";
import { useFieldErrors } from "./use-field-errors";

const ZNewAccount = z.object({ name: ZPersonName, password: ZNewPassword });

export function AcceptInvitationForm({ token, email, needsAccount }: { token: string; email: string; needsAccount: boolean }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const { errors, formError, validate, fromError } = useFieldErrors();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const account = needsAccount ? validate(ZNewAccount, { name, password }) : {};
    if (!account) return;
    setPending(true);
    try {
      const result = await apiFetch<{ data: { orgSlug: string } }>("/api/v1/invitations/accept", { method: "POST", body: { token, ...account } });
      if (needsAccount) await signInWithPassword(email, password);
      // A full navigation, so every part of the app starts again with the new membership and session.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a reload is the point here
      window.location.assign(`/${result.data.orgSlug}/apis`);
    } catch (error) {
      fromError(error);
    } finally {
      setPending(false);
    }
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
      <Button type="submit" className="w-full" loading={pending}>
        {needsAccount ? "Create account and join" : "Accept invitation"}
      </Button>
    </form>
  );
}
