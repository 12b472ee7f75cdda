"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { useSignOut, useStartSsoSignIn } from "@/lib/query/auth";

export function SsoRequiredActions({ ssoName, next }: { ssoName: string | null; next: string }) {
  const [pending, setPending] = useState(false);
  const signOut = useSignOut();
  const startSso = useStartSsoSignIn();
  return (
    <div className="flex flex-wrap gap-2">
      {ssoName && (
        <Button
          loading={pending}
          onClick={async () => {
            setPending(true);
            // The password session ends first, so the SSO sign-in starts a fresh one.
            await signOut.mutateAsync().catch(() => undefined);
            await startSso.mutateAsync(next).catch(() => setPending(false));
          }}
        >
          Continue with {ssoName}
        </Button>
      )}
      <Button
        variant="secondary"
        onClick={async () => {
          await signOut.mutateAsync().catch(() => undefined);
          hardNavigate("/login");
        }}
      >
        Sign out
      </Button>
    </div>
  );
}
