import "server-only";
import type { TCaller } from "@/lib/server/scope";
import { FORMAT_LABEL } from "@/lib/core/specs/spec-format";
import type { TImportStage } from "./import-spec";
import { analyseSpecOffThread } from "./spec-analyser";

/** Parses and validates a spec that belongs to no API yet, to prefill a new inventory entry. */
export async function previewSpec(caller: TCaller, text: string, onStage?: (stage: TImportStage) => void) {
  const analysis = await analyseSpecOffThread(text, { orgId: caller.orgId, lint: false, onStage });
  onStage?.("done");
  return {
    format: analysis.format,
    formatLabel: FORMAT_LABEL[analysis.format],
    title: analysis.title,
    specVersion: analysis.version,
    description: analysis.description,
    servers: analysis.servers,
    operationCount: analysis.operations.length,
  };
}
