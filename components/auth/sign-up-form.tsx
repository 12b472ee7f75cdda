"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { PasswordStrength } from "@/components/auth/password-strength";
import { useSignUp } from "@/lib/query/auth";
import { ZSignUp, type TSignUp } from "@/lib/validation/auth";
import { useFieldErrors } from "./use-field-errors";

export function SignUpForm() {
  const [values, setValues] = useState<TSignUp>({ name: "", email: "", password: "", organizationName: "" });
  const signUp = useSignUp();
  const { errors, formError, submitWith } = useFieldErrors();
  const set = (key: keyof TSignUp) => (event: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: event.target.value }));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    // A full navigation: every part of the app starts again with the new session (a client-side
    // replace followed by refresh could leave the address bar on /signup under load).
    submitWith(ZSignUp, values, signUp.mutate, ({ orgSlug, signedIn }) => hardNavigate(signedIn ? `/${orgSlug}/apis` : "/login"));
  }

  const field = (key: keyof TSignUp, label: string, props: React.InputHTMLAttributes<HTMLInputElement>, hint?: string) => (
    <Field id={key} label={label} error={errors[key]} hint={hint} required>
      <Input id={key} name={key} value={values[key]} onChange={set(key)} invalid={!!errors[key]} aria-describedby={describedBy(key, errors[key], hint)} required {...props} />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-4">
      {formError && <Alert tone="error">{formError}</Alert>}
      {field("organizationName", "Organisation", { autoComplete: "organization" }, "Usually your company or security team.")}
      {field("name", "Your name", { autoComplete: "name" })}
      {field("email", "Work email", { type: "email", autoComplete: "email" })}
      {field("password", "Password", { type: "password", autoComplete: "new-password" }, "At least 12 characters. A passphrase works well.")}
      <PasswordStrength id="password-strength" password={values.password} userInputs={[values.email, values.name, values.organizationName]} />
      <Button type="submit" className="w-full" loading={signUp.isPending}>
        Create organisation
      </Button>
    </form>
  );
}
