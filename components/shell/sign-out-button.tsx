"use client";

import { Button } from "@/components/ui/button";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { useSignOut } from "@/lib/query/auth";

export function SignOutButton({ className }: { className?: string }) {
  const signOut = useSignOut();
  return (
    <Button
      variant="ghost"
      size="sm"
      className={className}
      loading={signOut.isPending}
      // Off to the sign-in page whether or not next-auth answered: the session is being left either way.
      onClick={() => signOut.mutate(undefined, { onSettled: () => hardNavigate("/login") })}
    >
      Sign out
    </Button>
  );
}
