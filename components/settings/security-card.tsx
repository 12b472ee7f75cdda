"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useOrgSecurity, useSaveOrgSecurity, type TOrgSecurity } from "@/lib/query/security-hooks";
import { ZOrgSecurityPolicy } from "@/lib/validation/security";
import { useSaveForm } from "./use-save-form";

export function SecurityCard() {
  const org = useOrg();
  const security = useOrgSecurity(org.slug);
  return (
    <Card aria-labelledby="security-heading">
      <CardHeader id="security-heading" title="Sign-in security" description="How members must sign in to reach this organisation. Applies at once, also to sessions already open." />
      {security.data ? <SecurityForm initial={security.data} editable={org.can("settings:manage")} /> : <TableSkeleton rows={2} label="Loading sign-in security" />}
    </Card>
  );
}

function SecurityForm({ initial, editable }: { initial: TOrgSecurity; editable: boolean }) {
  const org = useOrg();
  const save = useSaveOrgSecurity(org.slug);
  const [values, setValues] = useState({ requireMfa: initial.requireMfa, ssoOnly: initial.ssoOnly });
  const { errors, formError, saved, submit } = useSaveForm(ZOrgSecurityPolicy, save.mutateAsync);
  return (
    <form noValidate className="space-y-4 p-5" onSubmit={submit(values)}>
      {formError && <Alert tone="error">{formError}</Alert>}
      {saved && <Alert tone="success">Saved. Members who do not meet the new rules are asked to at their next page load.</Alert>}
      <p className="text-sm text-slate-700">
        {initial.membersWithMfa} of {initial.members} members have two-factor authentication on.
      </p>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" checked={values.requireMfa} disabled={!editable} onChange={(e) => setValues((v) => ({ ...v, requireMfa: e.target.checked }))} />
        <span>
          Require two-factor authentication
          <span className="block text-xs text-slate-600">Members who sign in with a password must set up an authenticator app before they see anything here (you too).</span>
        </span>
      </label>
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
      {editable && (
        <Button type="submit" loading={save.isPending}>
          Save sign-in security
        </Button>
      )}
    </form>
  );
}
