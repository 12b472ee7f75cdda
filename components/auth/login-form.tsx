"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { useSignIn, useStartSsoSignIn } from "@/lib/query/auth";
import { ZSignIn } from "@/lib/validation/auth";

type TProps = { next: string; notice?: string; problem?: string; ssoName: string | null };

/**
 * Email and password first; for an account with two-factor authentication the server answers
 * "MFA required" and the same form asks for the code, then sends all three again. Nothing that
 * proves identity is kept between the steps except what the person typed.
 */
export function LoginForm({ next, notice, problem, ssoName }: TProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [step, setStep] = useState<"password" | "code">("password");
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [errors, setErrors] = useState<{ email?: string; password?: string; code?: string }>({});
  const [failure, setFailure] = useState<string | null>(problem ?? null);
  const [pending, setPending] = useState(false);
  const [ssoPending, setSsoPending] = useState(false);
  const signIn = useSignIn();
  const startSso = useStartSsoSignIn();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const parsed = ZSignIn.safeParse({ email, password, code: step === "code" ? code : undefined });
    if (!parsed.success) {
      const fieldErrors: typeof errors = {};
      for (const issue of parsed.error.issues) fieldErrors[issue.path[0] as "email" | "password" | "code"] ??= issue.message;
      setErrors(fieldErrors);
      return;
    }
    if (step === "code" && !parsed.data.code) {
      setErrors({ code: useRecoveryCode ? "Enter one of your recovery codes." : "Enter the 6-digit code from your app." });
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const result = await signIn.mutateAsync(parsed.data);
      if (result.ok) {
        // A full navigation, so every part of the app starts again with the new session.
        hardNavigate(next);
        return;
      }
      if (result.reason === "mfa_required") {
        setStep("code");
        return;
      }
      if (result.reason === "mfa_invalid") {
        setCode("");
        setErrors({ code: result.message });
        return;
      }
      setFailure(result.message);
    } catch {
      setFailure("Bulwark could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  async function signInWithSso() {
    setFailure(null);
    setSsoPending(true);
    try {
      await startSso.mutateAsync(next);
    } catch {
      setFailure("Single sign-on could not be started. Try again.");
      setSsoPending(false);
    }
  }

  const codeHint = useRecoveryCode ? "One of the ten codes you saved when you set up two-factor authentication, like abcde-fghjk." : "The 6-digit code your authenticator app shows for Bulwark.";

  return (
    <div className="mt-6 space-y-4">
      {notice && <Alert tone="info">{notice}</Alert>}
      {failure && <Alert tone="error">{failure}</Alert>}
      <form onSubmit={submit} noValidate className="space-y-4">
        {step === "password" ? (
          <>
            <Field id="email" label="Email" error={errors.email}>
              <Input id="email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} invalid={!!errors.email} aria-describedby={describedBy("email", errors.email)} autoFocus />
            </Field>
            <Field id="password" label="Password" error={errors.password}>
              <Input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} invalid={!!errors.password} aria-describedby={describedBy("password", errors.password)} />
            </Field>
          </>
        ) : (
          <>
            <p className="text-sm text-slate-700">
              Two-factor authentication is on for <span className="font-medium">{email}</span>.
            </p>
            <Field id="code" label={useRecoveryCode ? "Recovery code" : "Authentication code"} error={errors.code} hint={codeHint}>
              <Input
                id="code"
                name="code"
                autoComplete="one-time-code"
                inputMode={useRecoveryCode ? "text" : "numeric"}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                invalid={!!errors.code}
                aria-describedby={describedBy("code", errors.code, codeHint)}
                autoFocus
              />
            </Field>
            <button type="button" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline" onClick={() => (setUseRecoveryCode(!useRecoveryCode), setErrors({}), setCode(""))}>
              {useRecoveryCode ? "Use the code from my app instead" : "Use a recovery code instead"}
            </button>
          </>
        )}
        <Button type="submit" className="w-full" loading={pending}>
          {step === "password" ? "Sign in" : "Verify"}
        </Button>
      </form>
      {step === "password" && (
        <p className="text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Forgot your password?
          </Link>
        </p>
      )}
      {ssoName && step === "password" && (
        <>
          <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-600" aria-hidden>
            <span className="h-px flex-1 bg-slate-200" />
            or
            <span className="h-px flex-1 bg-slate-200" />
          </div>
          <Button variant="secondary" className="w-full" loading={ssoPending} onClick={() => void signInWithSso()}>
            Continue with {ssoName}
          </Button>
        </>
      )}
    </div>
  );
}
