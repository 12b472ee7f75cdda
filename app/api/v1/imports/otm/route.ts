import { json, readJsonBody, withOrg } from "@/lib/api/guard";
import { importOtm } from "@/lib/server/exports/import-otm";
import { ZImportOtmQuery } from "@/lib/validation/exports";

const MAX_OTM_BYTES = 5 * 1024 * 1024;

// POST an OTM document (JSON): a new draft threat model on ?apiId=…, or on a new API named after
// the OTM project. Problems answer 422 with a JSON pointer and a message each.
export const POST = withOrg({ permission: "threat:write", query: ZImportOtmQuery }, async ({ req, caller, query }) =>
  json(await importOtm(caller, await readJsonBody(req, MAX_OTM_BYTES), { apiId: query.apiId }), { status: 201 }),
);
