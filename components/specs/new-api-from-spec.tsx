"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiForm, type FormValues } from "@/components/apis/api-form";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ApiError } from "@/lib/query/fetcher";
import { useImportSpec, usePreviewSpec, type TImportProgress } from "@/lib/query/specs";
import type { TApiItem, TSpecPreview } from "@/lib/query/types";
import { ImportProgress } from "./import-progress";
import { sourceQuery, SpecSourcePicker, type TSpecSource } from "./spec-source-picker";

/** Start an inventory entry from a spec: read it, prefill the form, create, then import. */
export function NewApiFromSpec() {
  const org = useOrg();
  const router = useRouter();
  const [source, setSource] = useState<TSpecSource | null>(null);
  const [preview, setPreview] = useState<TSpecPreview | null>(null);
  const [progress, setProgress] = useState<TImportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<TApiItem | null>(null);
  const previewSpec = usePreviewSpec(org.slug);
  const importSpec = useImportSpec(org.slug);

  async function read() {
    if (!source) return;
    setError(null);
    setProgress({ stage: source.kind === "url" ? "fetching" : "uploading", uploadedFraction: 0 });
    try {
      setPreview(await previewSpec.mutateAsync({ source, onProgress: setProgress }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The spec could not be read.");
    } finally {
      setProgress(null);
    }
  }

  async function importInto(api: TApiItem) {
    if (!source) return;
    setCreated(api);
    setError(null);
    try {
      await importSpec.mutateAsync({ apiId: api.id, sourceQuery: sourceQuery(source), source, onProgress: setProgress });
      router.push(`/${org.slug}/apis/${api.id}?tab=operations`);
      router.refresh();
    } catch (caught) {
      setProgress(null);
      setError(`${api.name} was created, but its spec was not imported: ${caught instanceof ApiError ? caught.message : "unknown error"}`);
    }
  }

  if (created) {
    return (
      <Card className="p-6">
        {progress && <ImportProgress progress={progress} />}
        {error && (
          <Alert tone="warning" actions={<Button variant="secondary" size="sm" onClick={() => router.push(`/${org.slug}/apis/${created.id}`)}>Open {created.name}</Button>}>
            {error}
          </Alert>
        )}
      </Card>
    );
  }

  if (!preview) {
    return (
      <Card>
        <CardHeader title="1. The spec" description="OpenAPI 3.0, 3.1 or Swagger 2.0, JSON or YAML." />
        <div className="space-y-4 p-5">
          {error && <Alert tone="error">{error}</Alert>}
          <SpecSourcePicker onChange={setSource} disabled={progress !== null} />
          {progress ? (
            <ImportProgress progress={progress} />
          ) : (
            <div className="flex justify-end">
              <Button onClick={read} disabled={!source}>
                Read spec
              </Button>
            </div>
          )}
        </div>
      </Card>
    );
  }

  const prefill: Partial<FormValues> = {
    name: preview.title ?? "",
    description: preview.description ?? "",
    apiVersion: preview.specVersion ?? "",
    specUrl: source?.kind === "url" ? (preview.sourceUrl ?? source.url) : "",
    environments: preview.servers,
  };
  return (
    <div className="space-y-6">
      <Alert tone="info" title={`${preview.title ?? "Untitled spec"} · ${preview.formatLabel} · ${preview.operationCount} operations`}>
        Check the details below; the operations are imported when you create the API.
      </Alert>
      <ApiForm prefill={prefill} afterCreate={importInto} submitLabel="Create API and import spec" />
    </div>
  );
}
