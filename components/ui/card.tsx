import { cn } from "./cn";

export function Card({ className, children, as: Element = "section", ...props }: React.HTMLAttributes<HTMLElement> & { as?: "section" | "div" }) {
  return (
    <Element className={cn("rounded-lg bg-white shadow-sm ring-1 ring-slate-200", className)} {...props}>
      {children}
    </Element>
  );
}

export function CardHeader({ title, description, actions, id }: { title: string; description?: string; actions?: React.ReactNode; id?: string }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
      <div>
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-slate-600">{description}</p>}
      </div>
      {actions}
    </div>
  );
}
