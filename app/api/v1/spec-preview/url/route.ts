import { json, withOrg } from "@/lib/api/guard";
import { progressStream, wantsProgress } from "@/lib/api/progress-stream";
import { previewSpecFromUrl } from "@/lib/server/specs/preview-spec-from-url";
import { ZSpecUrlBody } from "@/lib/validation/specs";

export const POST = withOrg({ permission: "api:write", body: ZSpecUrlBody }, async ({ req, body, caller }) => {
  const run = (onStage?: (stage: string) => void) => previewSpecFromUrl(caller, body.url, onStage);
  if (wantsProgress(req)) return progressStream(run, { status: 200 });
  return json(await run());
});
