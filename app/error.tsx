"use client";

import { Button } from "@/components/ui/button";

// Shown for unexpected errors. The message stays generic: details are in the server log only.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Something went wrong</h1>
      <p className="text-slate-600">The page could not be shown. Try again; if it keeps failing, tell your administrator{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
