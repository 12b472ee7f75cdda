"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { startDownload, useExportJob, useStartExport, type TCreateExportInput } from "@/lib/query/exports";

/**
 * One button that asks the server for an export, shows how far along it is, and downloads the
 * file when it is ready (once; after that a link offers it again).
 */
export function ExportButton({ label, request, variant = "secondary", size = "md" }: { label: string; request: TCreateExportInput; variant?: ButtonVariant; size?: "sm" | "md" }) {
  const org = useOrg();
  const start = useStartExport(org.slug);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useExportJob(org.slug, jobId);
  const downloaded = useRef<string | null>(null);
  const statusId = useId();
  const data = job.data;
  const busy = start.isPending || (jobId !== null && data?.status !== "READY" && data?.status !== "FAILED" && !job.isError);

  useEffect(() => {
    if (data?.status === "READY" && data.downloadUrl && downloaded.current !== data.id) {
      downloaded.current = data.id;
      startDownload(data.downloadUrl);
    }
  }, [data]);

  const error = start.error?.message ?? job.error?.message ?? (data?.status === "FAILED" ? (data.error ?? "The export failed.") : null);

  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant={variant}
        size={size}
        loading={busy}
        aria-describedby={statusId}
        onClick={() => {
          setJobId(null);
          start.mutate(request, { onSuccess: (created) => setJobId(created.id) });
        }}
      >
        {label}
      </Button>
      <div id={statusId} aria-live="polite" className="min-h-4 text-right text-xs text-slate-600">
        {busy && data && (
          <span className="flex items-center gap-2">
            <span
              role="progressbar"
              aria-label={`${label}: progress`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={data.progress}
              className="inline-block h-1.5 w-24 overflow-hidden rounded-full bg-slate-200"
            >
              <span className="block h-1.5 rounded-full bg-brand-600 transition-all" style={{ width: `${Math.max(4, data.progress)}%` }} />
            </span>
            {data.status === "QUEUED" ? "Waiting for the exporter…" : `${data.stage || "Working"} · ${data.progress}%`}
          </span>
        )}
        {data?.status === "READY" && data.downloadUrl && (
          <a href={data.downloadUrl} className="text-brand-700 hover:underline">
            Ready: download {data.fileName} again
          </a>
        )}
        {error && (
          <span role="alert" className="text-red-700">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
