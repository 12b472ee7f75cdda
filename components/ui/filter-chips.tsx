import { Badge } from "./badge";

export type TFilterChip = { key: string; label: string; value: string };

/** Filters that arrived in the URL (often from a dashboard link) and have no control of their own. */
export function FilterChips({ chips, onRemove }: { chips: TFilterChip[]; onRemove: (key: string) => void }) {
  return chips.map((chip) => (
    <Badge key={chip.key} tone="brand">
      {chip.label}: {chip.value}
      <button type="button" className="ml-1 rounded px-1 hover:bg-brand-100" onClick={() => onRemove(chip.key)} aria-label={`Remove the ${chip.label.toLowerCase()} filter`}>
        ×
      </button>
    </Badge>
  ));
}
