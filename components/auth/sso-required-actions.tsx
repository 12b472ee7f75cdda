"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { signOutCurrentSession, startSsoSignIn } from "@/lib/query/auth";

export function SsoRequiredActions({ ssoName, next }: { ssoName: string | null; next: string }) {
  const [pending, setPending] = useState(false);
  return (
    <div className="flex flex-wrap gap-2">
      {ssoName && (
        <Button
          loading={pending}
          onClick={async () => {
            setPending(true);
            // The password session ends first, so the SSO sign-in starts a fresh one.
            await signOutCurrentSession().catch(() => undefined);
            await startSsoSignIn(next).catch(() => setPending(false));
          }}
        >
          Continue with {ssoName}
        </Button>
      )}
      <Button
        variant="secondary"
        onClick={async () => {
          await signOutCurrentSession().catch(() => undefined);
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops every cached query of the old session
          window.location.assign("/login");
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
