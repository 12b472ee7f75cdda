import { cn } from "./cn";

export type TColumn = string | { key: string; label: React.ReactNode; className?: string };

/** The shared header row of list tables; `cell` sets the padding so headers line up with their rows. */
export function TableHead({ columns, cell = "px-4 py-3" }: { columns: (TColumn | false | null | undefined)[]; cell?: string }) {
  return (
    <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
      <tr>
        {columns.map((column) => {
          if (!column) return null;
          const { key, label, className } = typeof column === "string" ? { key: column, label: column, className: undefined } : column;
          return (
            <th key={key} scope="col" className={cn(cell, className)}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
