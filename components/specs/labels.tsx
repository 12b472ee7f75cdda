import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { TLintSeverity, TOperationFlag } from "@/lib/query/types";

export const FLAG_INFO: Record<TOperationFlag, { label: string; tone: BadgeTone; help: string }> = {
  "id-path-param": { label: "ID in path", tone: "warning", help: "A path parameter names a record: check object-level authorization (OWASP API1)." },
  "url-input": { label: "URL input", tone: "danger", help: "Takes a URL the server may fetch: server-side request forgery risk (API7)." },
  "file-upload": { label: "File upload", tone: "warning", help: "Accepts files: size limits, type checks and malware scanning matter (API4, API8)." },
  "sensitive-data": { label: "Sensitive data", tone: "danger", help: "Passwords, tokens, card numbers or personal data appear in the request or response (API3)." },
  "unbounded-list": { label: "Unbounded list", tone: "warning", help: "Returns a list without a limit or page parameter: resource consumption (API4)." },
  webhook: { label: "Webhook", tone: "info", help: "Sent by the API to subscribers' URLs." },
};

export function FlagBadge({ flag }: { flag: TOperationFlag }) {
  const info = FLAG_INFO[flag];
  return (
    <Badge tone={info.tone}>
      <span title={info.help}>{info.label}</span>
    </Badge>
  );
}

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-emerald-100 text-emerald-900",
  PUT: "bg-amber-100 text-amber-950",
  PATCH: "bg-violet-100 text-violet-900",
  DELETE: "bg-red-100 text-red-900",
};

export function MethodBadge({ method }: { method: string }) {
  return <span className={cn("inline-block w-16 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold", METHOD_STYLE[method] ?? "bg-slate-100 text-slate-800")}>{method}</span>;
}

export const SEVERITY_INFO: Record<TLintSeverity, { label: string; tone: BadgeTone }> = {
  ERROR: { label: "Error", tone: "danger" },
  WARN: { label: "Warning", tone: "warning" },
  INFO: { label: "Info", tone: "info" },
  HINT: { label: "Hint", tone: "neutral" },
};

export function SeverityBadge({ severity }: { severity: TLintSeverity }) {
  return <Badge tone={SEVERITY_INFO[severity].tone}>{SEVERITY_INFO[severity].label}</Badge>;
}

/** "owasp:api4:2023-string-limit" → "API4 · string limit" */
export function ruleLabel(ruleId: string): string {
  const match = /^owasp:(api\d+):\d{4}-(.+)$/.exec(ruleId);
  return match ? `${match[1]!.toUpperCase()} · ${match[2]!.replaceAll("-", " ")}` : ruleId;
}
