import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { MitigationStatus } from "@/lib/generated/prisma/enums";

export const MITIGATION_STATUS: Record<MitigationStatus, { label: string; tone: BadgeTone }> = {
  PROPOSED: { label: "Proposed", tone: "neutral" },
  PLANNED: { label: "Planned", tone: "info" },
  IN_PROGRESS: { label: "In progress", tone: "brand" },
  IMPLEMENTED: { label: "Implemented", tone: "warning" },
  VERIFIED: { label: "Verified", tone: "success" },
  WONT_DO: { label: "Won't do", tone: "neutral" },
};

export const MITIGATION_STATUSES = Object.keys(MITIGATION_STATUS) as MitigationStatus[];

export const PRIORITY_LABEL: Record<number, string> = { 1: "P1 · urgent", 2: "P2 · high", 3: "P3 · normal", 4: "P4 · low", 5: "P5 · someday" };

export function MitigationStatusBadge({ status }: { status: MitigationStatus }) {
  return <Badge tone={MITIGATION_STATUS[status].tone}>{MITIGATION_STATUS[status].label}</Badge>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "12 Dec" plus how far away it is, in words a person scans quickly; overdue dates are red. */
export function DueDate({ date, overdue }: { date: string | null; overdue: boolean }) {
  if (!date) return <span className="text-slate-500">No due date</span>;
  const due = new Date(date);
  const today = new Date();
  const days = Math.round((due.getTime() - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) / DAY_MS);
  const relative = days === 0 ? "today" : days === 1 ? "tomorrow" : days > 0 ? `in ${days} days` : `${-days} day${days === -1 ? "" : "s"} overdue`;
  return (
    <span className={overdue ? "font-medium text-red-700" : "text-slate-800"}>
      <time dateTime={date.slice(0, 10)}>{due.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}</time>
      <span className="block text-xs">{overdue && days >= 0 ? "overdue" : relative}</span>
    </span>
  );
}

export function PriorityOptions() {
  return [1, 2, 3, 4, 5].map((priority) => (
    <option key={priority} value={priority}>
      {PRIORITY_LABEL[priority]}
    </option>
  ));
}
