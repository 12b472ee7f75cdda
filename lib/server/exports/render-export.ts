import "server-only";
import { db } from "@/lib/db";
import { buildFileName } from "@/lib/core/exports/content-disposition";
import type { TOrgScope } from "@/lib/server/scope";
import type { TCreateExport } from "@/lib/validation/exports";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";
import { exportOrganization } from "./export-organization";
import { exportTable } from "./export-table";
import { loadPortfolioReport } from "./load-portfolio-report";
import { loadThreatModelReport } from "./load-threat-model-report";
import { renderPdfOffThread } from "./pdf-renderer";

export type TProducedFile = { fileName: string; contentType: string; content: Buffer };
export type TOnProgress = (stage: string, fraction: number) => void;

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Renders one export. Every read is scoped to the organisation that asked. */
export async function renderExport(caller: TOrgScope, request: TCreateExport, onProgress: TOnProgress = () => undefined, now = new Date()): Promise<TProducedFile> {
  switch (request.kind) {
    case "threat-model-pdf": {
      onProgress("Reading the model", 0.02);
      const data = await loadThreatModelReport(caller, request.threatModelId, now);
      const { pdf } = await renderPdfOffThread({ kind: "threat-model", data }, (stage, fraction) => onProgress(stage, 0.1 + fraction * 0.9), caller.orgId);
      return { fileName: buildFileName([data.org.slug, data.api.name, `threat-model-v${data.model.modelVersion}`, today(now)], "pdf"), contentType: "application/pdf", content: pdf };
    }
    case "portfolio-pdf": {
      onProgress("Reading the portfolio", 0.02);
      const data = await loadPortfolioReport(caller, request.filters ?? ZPortfolioFilters.parse({}), now);
      const { pdf } = await renderPdfOffThread({ kind: "portfolio", data }, (stage, fraction) => onProgress(stage, 0.3 + fraction * 0.7), caller.orgId);
      return { fileName: buildFileName([data.org.slug, "portfolio", today(now)], "pdf"), contentType: "application/pdf", content: pdf };
    }
    case "inventory":
    case "threats":
    case "mitigations": {
      const org = await db.organization.findUniqueOrThrow({ where: { id: caller.orgId }, select: { slug: true } });
      const { content } = await exportTable(caller, { kind: request.kind, format: request.format, models: request.kind === "threats" ? request.models : undefined }, onProgress, now);
      return {
        fileName: buildFileName([org.slug, request.kind, today(now)], request.format),
        contentType: request.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        content,
      };
    }
    case "organization": {
      const document = await exportOrganization(caller, onProgress, now);
      return { fileName: buildFileName([document.organization.slug, "organization-export", today(now)], "json"), contentType: "application/json; charset=utf-8", content: Buffer.from(JSON.stringify(document), "utf8") };
    }
  }
}
