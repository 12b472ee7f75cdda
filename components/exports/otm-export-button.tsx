"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Button } from "@/components/ui/button";
import { downloadFromOrgRoute } from "@/lib/query/exports";

/** Downloads the model as an Open Threat Model file (small, so no background job). */
export function OtmExportButton({ modelId }: { modelId: string }) {
  const org = useOrg();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await downloadFromOrgRoute(`/api/v1/threat-models/${modelId}/otm`, org.slug);
          } catch (caught) {
            setError(caught instanceof Error ? caught.message : "The download failed.");
          } finally {
            setBusy(false);
          }
        }}
      >
        Export OTM
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
