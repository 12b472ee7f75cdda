import { withOrg, ZIdParams } from "@/lib/api/guard";
import { buildFileName, contentDisposition } from "@/lib/core/exports/content-disposition";
import { exportThreatModelOtm } from "@/lib/server/exports/export-threat-model-otm";

// The model as an Open Threat Model (OTM 0.2) JSON file.
export const GET = withOrg({ permission: "report:export", params: ZIdParams }, async ({ caller, params }) => {
  const { otm, data } = await exportThreatModelOtm(caller, params.id);
  const fileName = buildFileName([data.org.slug, data.api.name, `threat-model-v${data.model.modelVersion}`, "otm"], "json");
  return new Response(JSON.stringify(otm, null, 2), { status: 200, headers: { "content-type": "application/json; charset=utf-8", "content-disposition": contentDisposition(fileName) } });
});
