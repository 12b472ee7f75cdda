"use client";

import { useOrg } from "@/components/shell/org-context";
import { Button } from "@/components/ui/button";
import { useDownloadOtm } from "@/lib/query/exports";

/** Downloads the model as an Open Threat Model file (small, so no background job). */
export function OtmExportButton({ modelId }: { modelId: string }) {
  const org = useOrg();
  const download = useDownloadOtm(org.slug);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" loading={download.isPending} onClick={() => download.mutate(modelId)}>
        Export OTM
      </Button>
      {download.error && (
        <span role="alert" className="text-xs text-red-700">
          {download.error.message || "The download failed."}
        </span>
      )}
    </div>
  );
}
