import { Badge } from "@/components/ui/badge";
import { ReasonText } from "@/components/ui/reason-text";
import type { TThreatModelDetail } from "@/lib/query/types";

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

/**
 * On an approved model: what a re-import's rules found that this version does not have, grouped
 * by checklist entry. The version stays as approved; the next one takes the hits in.
 */
export function NewRuleHits({ model, canStartVersion }: { model: TThreatModelDetail; canStartVersion: boolean }) {
  const hits = model.newRuleHits;
  if (model.status !== "APPROVED" || model.nextVersion || !hits.length) return null;
  const titles = new Map(model.entries.map((entry) => [entry.key, entry.title]));
  const byEntry = new Map<string, typeof hits>();
  for (const hit of hits) byEntry.set(hit.entryKey, [...(byEntry.get(hit.entryKey) ?? []), hit]);
  return (
    <section aria-labelledby="new-rule-hits-heading" className="rounded-md bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-inset ring-amber-200">
      <h2 id="new-rule-hits-heading" className="font-semibold">
        New since approval: {hits.length} rule hit{hits.length === 1 ? "" : "s"} in {byEntry.size} checklist entr{byEntry.size === 1 ? "y" : "ies"}
      </h2>
      <p className="mt-1">
        {model.newRuleHitsAt ? `The spec imported ${DATE.format(new Date(model.newRuleHitsAt))} shows` : "The latest spec shows"} evidence this approved version does not have.{" "}
        {canStartVersion ? `Start version ${model.modelVersion + 1} to take it in: the new version gets these pre-answers and links.` : "An editor can start a new version to take it in."}
      </p>
      <ul className="mt-3 space-y-2">
        {[...byEntry].map(([entryKey, entryHits]) => (
          <li key={entryKey}>
            <span className="font-medium">{titles.get(entryKey) ?? entryKey}</span> <Badge tone="warning">New</Badge>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {entryHits.map((hit) => (
                <li key={`${hit.operation?.id ?? "api"}-${hit.reason}`}>
                  <ReasonText text={hit.operation ? hit.reason : `Whole API: ${hit.reason}`} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
