"use client";

import { cn } from "./cn";

type Tab<T extends string> = { id: T; label: string };

/**
 * An ARIA tab list: arrow keys move between tabs, only the active tab is in the tab order.
 * Panels use `tabPanelProps(idPrefix, active)`.
 */
export function TabList<T extends string>({
  label,
  tabs,
  active,
  onSelect,
  idPrefix,
  variant = "underline",
  disabled,
}: {
  label: string;
  tabs: readonly Tab<T>[];
  active: T;
  onSelect: (id: T) => void;
  idPrefix: string;
  variant?: "underline" | "pills";
  disabled?: boolean;
}) {
  return (
    <div role="tablist" aria-label={label} className={variant === "underline" ? "flex gap-1 border-b border-slate-200" : "flex gap-1 rounded-md bg-slate-100 p-1"}>
      {tabs.map((tab, index) => {
        const selected = tab.id === active;
        return (
          <button
            key={tab.id}
            id={`${idPrefix}-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={`${idPrefix}-panel-${tab.id}`}
            tabIndex={selected ? 0 : -1}
            disabled={disabled}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(event) => {
              if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
              const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length]!;
              onSelect(next.id);
              document.getElementById(`${idPrefix}-tab-${next.id}`)?.focus();
            }}
            className={
              variant === "underline"
                ? cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", selected ? "border-brand-600 text-brand-900" : "border-transparent text-slate-700 hover:text-slate-900")
                : cn("flex-1 rounded px-3 py-1.5 text-sm font-medium", selected ? "bg-white text-slate-900 shadow-sm" : "text-slate-700 hover:text-slate-900")
            }
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

export function tabPanelProps(idPrefix: string, active: string) {
  return { role: "tabpanel", id: `${idPrefix}-panel-${active}`, "aria-labelledby": `${idPrefix}-tab-${active}` } as const;
}
