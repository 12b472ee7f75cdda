"use client";

import Link from "next/link";
import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { describedBy, Field, Input } from "@/components/ui/field";
import { useOrgSecurity, useSaveOrgSecurity, type TOrgSecurity } from "@/lib/query/settings";
import { ZOrgSecurityPolicy } from "@/lib/validation/settings";
import { SettingsCard, SettingsForm } from "./settings-card";
import { useSaveForm } from "./use-save-form";

export function SecurityCard() {
  const org = useOrg();
  const security = useOrgSecurity(org.slug);
  return (
    <SettingsCard id="security-heading" title="Sign-in security" description="How members must sign in to reach this organisation. Applies at once, also to sessions already open." loadingLabel="Loading sign-in security">
      {security.data && <SecurityForm initial={security.data} editable={org.can("settings:manage")} />}
    </SettingsCard>
  );
}

const formatDeadline = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
const members = (count: number) => (count === 1 ? "1 member has" : `${count} members have`);

function SecurityForm({ initial, editable }: { initial: TOrgSecurity; editable: boolean }) {
  const org = useOrg();
  const save = useSaveOrgSecurity(org.slug);
  const [values, setValues] = useState({ requireMfa: initial.requireMfa, ssoOnly: initial.ssoOnly, mfaGraceDays: String(initial.defaultMfaGraceDays) });
  const { errors, formError, saved, submit } = useSaveForm(ZOrgSecurityPolicy, save.mutateAsync);
  const switchingMfaOn = values.requireMfa && !initial.requireMfa;
  const withoutMfa = initial.members - initial.membersWithMfa;
  // Whole days only, so a typed "7" is the number 7 and anything else is for the schema to refuse.
  const graceDays = /^\d+$/.test(values.mfaGraceDays.trim()) ? Number(values.mfaGraceDays) : values.mfaGraceDays;
  const policy = { requireMfa: values.requireMfa, ssoOnly: values.ssoOnly, ...(switchingMfaOn ? { mfaGraceDays: graceDays } : {}) };
  const mfaLocked = !initial.requireMfa && !initial.callerCanRequireMfa;
  return (
    <SettingsForm
      onSubmit={submit(policy)}
      formError={formError}
      saved={saved}
      savedNote="Saved. Members who do not meet the new rules are asked to at their next page load."
      editable={editable}
      pending={save.isPending}
      saveLabel="Save sign-in security"
    >
      <p className="text-sm text-slate-700">
        {initial.membersWithMfa} of {initial.members} members have two-factor authentication on.
      </p>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-brand-600"
          checked={values.requireMfa}
          disabled={!editable || mfaLocked}
          aria-describedby="require-mfa-hint"
          onChange={(e) => setValues((v) => ({ ...v, requireMfa: e.target.checked }))}
        />
        <span>
          Require two-factor authentication
          <span id="require-mfa-hint" className="block text-xs text-slate-600">
            {mfaLocked ? (
              <>
                Set up two-factor authentication for your own account first, on your{" "}
                <Link className="underline" href={`/${org.slug}/account`}>
                  account page
                </Link>
                : then you know it works, and you are not locked out yourself.
              </>
            ) : (
              "Members who sign in with a password must set up an authenticator app; until the grace period ends they see a reminder, then they must before they see anything here."
            )}
          </span>
          {errors.requireMfa && (
            <span className="block text-sm text-red-700" role="alert">
              {errors.requireMfa}
            </span>
          )}
        </span>
      </label>
      {switchingMfaOn && (
        <div className="ml-6 space-y-3">
          <Alert tone="warning">
            {withoutMfa === 0
              ? "Every member has two-factor authentication already."
              : `${members(withoutMfa)} no two-factor authentication yet. They keep access during the grace period, with a reminder on every page; after it, they must set it up first.`}
          </Alert>
          <Field id="mfa-grace-days" label="Grace period (days)" hint="0 requires it at once; at most 90." error={errors.mfaGraceDays}>
            <Input
              id="mfa-grace-days"
              inputMode="numeric"
              className="w-24"
              value={values.mfaGraceDays}
              invalid={!!errors.mfaGraceDays}
              aria-describedby={describedBy("mfa-grace-days", errors.mfaGraceDays, "hint")}
              onChange={(e) => setValues((v) => ({ ...v, mfaGraceDays: e.target.value }))}
            />
          </Field>
        </div>
      )}
      {initial.requireMfa && values.requireMfa && initial.mfaRequiredFrom && (
        <p className="ml-6 text-sm text-slate-700">
          {!initial.mfaInForce
            ? `${withoutMfa === 0 ? "Every member has it." : `${members(withoutMfa)} not set it up yet.`} It becomes compulsory on ${formatDeadline(initial.mfaRequiredFrom)}.`
            : `Compulsory since ${formatDeadline(initial.mfaRequiredFrom)}.`}
        </p>
      )}
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-brand-600"
          checked={values.ssoOnly}
          disabled={!editable || (!initial.ssoConfigured && !values.ssoOnly)}
          aria-describedby="sso-only-hint"
          onChange={(e) => setValues((v) => ({ ...v, ssoOnly: e.target.checked }))}
        />
        <span>
          Single sign-on only
          <span id="sso-only-hint" className="block text-xs text-slate-600">
            {initial.ssoConfigured
              ? `Password sign-in is refused for every member; they sign in with ${initial.ssoName}. Switch it on while signed in with SSO yourself.`
              : "Single sign-on is not configured on this server (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)."}
          </span>
          {errors.ssoOnly && (
            <span className="block text-sm text-red-700" role="alert">
              {errors.ssoOnly}
            </span>
          )}
        </span>
      </label>
    </SettingsForm>
  );
}
