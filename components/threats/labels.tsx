import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ChecklistAnswerValue, Severity, ThreatModelStatus, ThreatSource, ThreatStatus } from "@/lib/generated/prisma/enums";

export const MODEL_STATUS: Record<ThreatModelStatus, { label: string; tone: BadgeTone }> = {
  DRAFT: { label: "Draft", tone: "neutral" },
  IN_REVIEW: { label: "In review", tone: "info" },
  APPROVED: { label: "Approved", tone: "success" },
  ARCHIVED: { label: "Superseded", tone: "neutral" },
};

export const SEVERITY: Record<Severity, { label: string; tone: BadgeTone; cell: string }> = {
  LOW: { label: "Low", tone: "neutral", cell: "bg-emerald-100 text-emerald-950" },
  MEDIUM: { label: "Medium", tone: "warning", cell: "bg-amber-100 text-amber-950" },
  HIGH: { label: "High", tone: "danger", cell: "bg-orange-200 text-orange-950" },
  CRITICAL: { label: "Critical", tone: "danger", cell: "bg-red-300 text-red-950" },
};

export const THREAT_STATUS: Record<ThreatStatus, { label: string; tone: BadgeTone }> = {
  OPEN: { label: "Open", tone: "warning" },
  MITIGATED: { label: "Mitigated", tone: "success" },
  ACCEPTED: { label: "Accepted", tone: "info" },
  TRANSFERRED: { label: "Transferred", tone: "neutral" },
  NOT_APPLICABLE: { label: "Not applicable", tone: "neutral" },
};

export const THREAT_SOURCE: Record<ThreatSource, string> = { CHECKLIST: "Checklist", RULE: "Rule", LINT: "Spec lint", MANUAL: "Manual" };

export const ANSWER: Record<ChecklistAnswerValue, { label: string; tone: BadgeTone }> = {
  YES: { label: "Yes", tone: "danger" },
  UNSURE: { label: "Unsure", tone: "warning" },
  NO: { label: "No", tone: "success" },
  NOT_APPLICABLE: { label: "Not applicable", tone: "neutral" },
};

export function ModelStatusBadge({ status }: { status: ThreatModelStatus }) {
  return <Badge tone={MODEL_STATUS[status].tone}>{MODEL_STATUS[status].label}</Badge>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={SEVERITY[severity].tone}>{SEVERITY[severity].label}</Badge>;
}

export function ThreatStatusBadge({ status }: { status: ThreatStatus }) {
  return <Badge tone={THREAT_STATUS[status].tone}>{THREAT_STATUS[status].label}</Badge>;
}

export function ProgressBar({ answered, total, label }: { answered: number; total: number; label: string }) {
  const value = total ? Math.round((answered / total) * 100) : 0;
  return (
    <div className="min-w-40">
      <div className="flex justify-between text-xs text-slate-700">
        <span>
          {answered} of {total} answered
        </span>
        <span className="tabular-nums">{value}%</span>
      </div>
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200">
        <div className="h-2 rounded-full bg-brand-600 transition-[width]" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
