import { cn } from "./cn";

const TONES = {
  error: "bg-red-50 text-red-900 ring-red-200",
  warning: "bg-amber-50 text-amber-950 ring-amber-200",
  success: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  info: "bg-sky-50 text-sky-900 ring-sky-200",
} as const;

type AlertProps = { tone?: keyof typeof TONES; title?: string; children?: React.ReactNode; actions?: React.ReactNode; className?: string };

/** Errors and warnings interrupt screen readers (role=alert); the rest are polite status messages. */
export function Alert({ tone = "info", title, children, actions, className }: AlertProps) {
  const urgent = tone === "error" || tone === "warning";
  return (
    <div role={urgent ? "alert" : "status"} className={cn("rounded-md p-4 text-sm ring-1 ring-inset", TONES[tone], className)}>
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={title ? "mt-1" : undefined}>{children}</div>}
      {actions && <div className="mt-3 flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
