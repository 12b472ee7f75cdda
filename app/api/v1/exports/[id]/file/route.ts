import { withUser, ZIdParams } from "@/lib/api/guard";
import { contentDisposition } from "@/lib/core/exports/content-disposition";
import { getExportFile } from "@/lib/server/exports/get-export-file";

// The finished file. A download link sends no organisation header, so this route resolves the
// job by its requester and checks that person is still a member of the job's organisation.
export const GET = withUser({ params: ZIdParams }, async ({ user, params }) => {
  const file = await getExportFile(user, params.id);
  return new Response(file.body, {
    status: 200,
    headers: { "content-type": file.contentType, "content-disposition": contentDisposition(file.fileName), "content-length": String(file.byteSize), "x-content-type-options": "nosniff" },
  });
});
