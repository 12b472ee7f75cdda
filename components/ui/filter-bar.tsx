import { Button } from "./button";
import { cn } from "./cn";
import { Input } from "./field";
import { FilterChips, type TFilterChip } from "./filter-chips";
import { FilterSelect } from "./filter-select";

export type TFilterSelect<K extends string> = { key: K; id: string; label: string; options: { value: string; label: string }[] };

type TFilterText = { id: string; label: string; placeholder: string; value: string; onChange: (value: string) => void; type?: "search" | "text"; className?: string };

/** A text filter whose label is for screen readers only; the placeholder says what to type. */
export function FilterText({ id, label, placeholder, value, onChange, type = "text", className }: TFilterText) {
  return (
    <div className={className}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Input id={id} type={type} placeholder={placeholder} value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

// Whole class names, so Tailwind finds them.
const COLUMNS = { 5: "lg:grid-cols-5", 6: "lg:grid-cols-6", 8: "lg:grid-cols-8" } as const;
const FULL_ROW = { 5: "lg:col-span-5", 6: "lg:col-span-6", 8: "lg:col-span-8" } as const;

type TFilterBarProps<K extends string> = {
  /** The name of the search landmark, e.g. "Filter APIs". */
  label: string;
  columns: keyof typeof COLUMNS;
  /** The filters and their setter from useUrlFilters (or any state of the same shape). */
  filters: Partial<Record<K, string>>;
  setFilter: (key: K, value: string) => void;
  /** The free-text search box, two columns wide; its value is the typed text, debounced by the caller. */
  search?: Omit<TFilterText, "type" | "className">;
  selects?: TFilterSelect<K>[];
  /** Controls that are not a plain dropdown (dates, a tag box), placed after the dropdowns. */
  children?: React.ReactNode;
  /** Filters without a control of their own (often set by a dashboard link); removing one clears it. */
  chips?: TFilterChip[];
  /** Empties every filter; the button shows while any is set (or while `active`, when given). */
  onClear?: () => void;
  active?: boolean;
  /** Off for a bar that stands outside a card. */
  padded?: boolean;
  className?: string;
};

/** The filter row of a list: search box, dropdowns, the caller's own controls, then chips and "Clear filters". */
export function FilterBar<K extends string>({ label, columns, filters, setFilter, search, selects = [], children, chips = [], onClear, active, padded = true, className }: TFilterBarProps<K>) {
  const showClear = onClear !== undefined && (active ?? Object.values(filters).some(Boolean));
  return (
    <form role="search" aria-label={label} className={cn("grid items-end gap-3 sm:grid-cols-2", padded && "p-4", COLUMNS[columns], className)} onSubmit={(event) => event.preventDefault()}>
      {search && <FilterText {...search} type="search" className="lg:col-span-2" />}
      {selects.map((select) => (
        <FilterSelect key={select.key} id={select.id} label={select.label} value={filters[select.key]} onChange={(value) => setFilter(select.key, value)} options={select.options} />
      ))}
      {children}
      {(chips.length > 0 || showClear) && (
        <div className={cn("flex flex-wrap items-center gap-2", FULL_ROW[columns])}>
          <FilterChips chips={chips} onRemove={(key) => setFilter(key as K, "")} />
          {showClear && (
            <Button variant="ghost" size="sm" onClick={onClear}>
              Clear filters
            </Button>
          )}
        </div>
      )}
    </form>
  );
}
