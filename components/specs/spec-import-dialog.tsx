"use client";

import { useRef, useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ApiError } from "@/lib/query/fetcher";
import { useImportSpec, type TImportProgress } from "@/lib/query/specs";
import type { TSpecImportResponse } from "@/lib/query/types";
import { DiffSummary } from "./diff-summary";
import { ImportProgress } from "./import-progress";
import { sourceQuery, SpecSourcePicker, type TSpecSource } from "./spec-source-picker";

type Phase = { kind: "choose" } | { kind: "working"; dryRun: boolean } | { kind: "review"; result: TSpecImportResponse } | { kind: "done"; result: TSpecImportResponse };

/** Import into an existing API: check first (a dry run that shows the diff), then apply. */
export function SpecImportDialog({ apiId, open, onClose }: { apiId: string; open: boolean; onClose: () => void }) {
  const org = useOrg();
  const importSpec = useImportSpec(org.slug);
  const [source, setSource] = useState<TSpecSource | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "choose" });
  const [progress, setProgress] = useState<TImportProgress>({ stage: "uploading", uploadedFraction: 0 });
  const [error, setError] = useState<ApiError | null>(null);
  const abort = useRef<AbortController | null>(null);

  const reset = () => {
    abort.current?.abort();
    setPhase({ kind: "choose" });
    setSource(null);
    setError(null);
  };

  async function run(dryRun: boolean) {
    if (!source) return;
    setError(null);
    setPhase({ kind: "working", dryRun });
    abort.current = new AbortController();
    try {
      const result = await importSpec.mutateAsync({ apiId, dryRun, sourceQuery: sourceQuery(source), source, onProgress: setProgress, signal: abort.current.signal });
      setPhase(dryRun ? { kind: "review", result } : { kind: "done", result });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, { detail: "The import failed. Try again." }));
      setPhase(dryRun ? { kind: "choose" } : phase.kind === "review" ? phase : { kind: "choose" });
    }
  }

  const close = () => {
    reset();
    onClose();
  };

  const working = phase.kind === "working";
  const footer =
    phase.kind === "choose" ? (
      <>
        <Button variant="secondary" onClick={close}>
          Cancel
        </Button>
        <Button onClick={() => run(true)} disabled={!source}>
          Check spec
        </Button>
      </>
    ) : phase.kind === "review" ? (
      <>
        <Button variant="secondary" onClick={reset}>
          Choose another spec
        </Button>
        <Button onClick={() => run(false)}>Apply import</Button>
      </>
    ) : phase.kind === "done" ? (
      <Button onClick={close}>Close</Button>
    ) : (
      <Button variant="secondary" onClick={reset}>
        Cancel
      </Button>
    );

  return (
    <Dialog open={open} onClose={close} size="lg" title="Import an OpenAPI spec" description="Bulwark reads every operation, flags risky patterns and lints the spec with the OWASP API Security ruleset. You see what changes before anything is saved." footer={footer}>
      {error && (
        <Alert tone="error" title="The spec could not be imported">
          <p>{error.message}</p>
          {error.problem.errors && error.problem.errors.length > 1 && (
            <ul className="mt-2 list-disc space-y-0.5 pl-5 text-xs">
              {error.problem.errors.slice(0, 8).map((problem) => (
                <li key={problem.pointer + problem.detail}>{problem.detail}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {phase.kind === "choose" && <SpecSourcePicker onChange={setSource} />}
      {working && <ImportProgress progress={progress} />}
      {(phase.kind === "review" || phase.kind === "done") && (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">
            <strong>{phase.result.title ?? "Untitled spec"}</strong>
            {phase.result.specVersion ? ` ${phase.result.specVersion}` : ""} · {phase.result.formatLabel} · {phase.result.operationCount} operation{phase.result.operationCount === 1 ? "" : "s"}
          </p>
          {phase.kind === "done" && (
            <Alert tone="success" title="Imported">
              {phase.result.operationCount} operations on record; {phase.result.findingCount ?? 0} lint finding{phase.result.findingCount === 1 ? "" : "s"}.
              {phase.result.newRuleHits ? ` The rules found ${phase.result.newRuleHits} thing${phase.result.newRuleHits === 1 ? "" : "s"} the approved threat model does not cover: its page lists them as new since approval.` : ""}
            </Alert>
          )}
          <DiffSummary diff={phase.result.diff} />
        </div>
      )}
    </Dialog>
  );
}
