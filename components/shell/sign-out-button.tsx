"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { signOutCurrentSession } from "@/lib/query/auth";

export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      className={className}
      loading={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOutCurrentSession();
        } finally {
          // A full navigation drops every cached query of the signed-out user.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops every cached query of the old session
      window.location.assign("/login");
        }
      }}
    >
      Sign out
    </Button>
  );
}
