"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { PasswordStrength } from "@/components/auth/password-strength";
import { signInWithPassword } from "@/lib/query/auth";
import { apiFetch } from "@/lib/query/fetcher";
import { ZSignUp, type TSignUp } from "@/lib/validation/auth";
import { useFieldErrors } from "./use-field-errors";

export function SignUpForm() {
  const [values, setValues] = useState<TSignUp>({ name: "", email: "", password: "", organizationName: "" });
  const [pending, setPending] = useState(false);
  const { errors, formError, validate, fromError } = useFieldErrors();
  const set = (key: keyof TSignUp) => (event: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: event.target.value }));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = validate(ZSignUp, values);
    if (!input) return;
    setPending(true);
    try {
      const created = await apiFetch<{ data: { org: { slug: string } } }>("/api/v1/signup", { method: "POST", body: input });
      const signedIn = await signInWithPassword(input.email, input.password);
      // A full navigation: every part of the app starts again with the new session (a client-side
      // replace followed by refresh could leave the address bar on /signup under load).
      window.location.assign(signedIn.ok ? `/${created.data.org.slug}/apis` : "/login");
    } catch (error) {
      fromError(error);
    } finally {
      setPending(false);
    }
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
      <Button type="submit" className="w-full" loading={pending}>
        Create organisation
      </Button>
    </form>
  );
}
