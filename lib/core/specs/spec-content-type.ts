import { AppError } from "@/lib/core/app-error";

export function assertSpecContentType(contentType: string | null): void {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const accepted = ["application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/vnd.oai.openapi", "application/vnd.oai.openapi+json", "text/plain"];
  if (!accepted.includes(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the spec as application/json, application/yaml or text/yaml.");
  }
}
