import { useId } from "react";
import { Card } from "@/components/ui/card";

type TColumnSpec<T> = { header: string; cell: (row: T) => React.ReactNode; numeric?: boolean };

/**
 * A chart with a heading and its numbers as a table behind "Show the numbers", so the figure has
 * a text alternative that screen readers and keyboard users can reach.
 */
export function ChartFigure<T>({
  title,
  description,
  children,
  rows,
  columns,
  rowKey,
}: {
  title: string;
  description: string;
  children: React.ReactNode;
  rows: T[];
  columns: TColumnSpec<T>[];
  rowKey: (row: T) => string;
}) {
  const id = useId();
  return (
    <Card as="section" aria-labelledby={`${id}-title`} className="p-5">
      <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-description`}>
        <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <p id={`${id}-description`} className="mt-0.5 text-sm text-slate-600">
          {description}
        </p>
        <div className="mt-3">{children}</div>
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-700">Show the numbers</summary>
          {/* Focusable, so keyboard users can scroll a long table too. */}
          <div className="mt-2 max-h-72 overflow-auto" tabIndex={0} role="region" aria-label={`${title}: the numbers`}>
            <table className="min-w-full text-left text-xs">
              <caption className="sr-only">{title}</caption>
              <thead className="text-slate-600">
                <tr>
                  {columns.map((column) => (
                    <th key={column.header} scope="col" className={`px-2 py-1 font-semibold ${column.numeric ? "text-right" : ""}`}>
                      {column.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((row) => (
                  <tr key={rowKey(row)}>
                    {columns.map((column) => (
                      <td key={column.header} className={`px-2 py-1 ${column.numeric ? "text-right tabular-nums" : ""}`}>
                        {column.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figure>
    </Card>
  );
}
