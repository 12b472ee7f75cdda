import { progressValue, STAGE_LABEL, type TImportProgress } from "@/lib/query/specs";

export function ImportProgress({ progress }: { progress: TImportProgress }) {
  const value = Math.round(progressValue(progress) * 100);
  const label = STAGE_LABEL[progress.stage] ?? progress.stage;
  return (
    <div className="space-y-1.5" aria-live="polite">
      <div className="flex justify-between text-sm text-slate-700">
        <span>{label}…</span>
        <span className="tabular-nums">{value}%</span>
      </div>
      <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-valuetext={`${label}, ${value}%`} className="h-2 overflow-hidden rounded-full bg-slate-200">
        <div className="h-2 rounded-full bg-brand-600 transition-[width] duration-300" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
