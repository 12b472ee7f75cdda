"use client";

import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input } from "@/components/ui/field";
import { useCatalog, useCreateTemplate, useDeleteTemplate, useTemplates } from "@/lib/query/catalog";
import { ZCreateTemplate } from "@/lib/validation/catalog";

export function TemplatesCard() {
  const org = useOrg();
  const templates = useTemplates(org.slug);
  const catalog = useCatalog(org.slug, false);
  const create = useCreateTemplate(org.slug);
  const remove = useDeleteTemplate(org.slug);
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const { errors, formError, submitWith, clear } = useFieldErrors();
  const manage = org.can("catalog:manage");
  return (
    <Card aria-labelledby="templates-heading">
      <CardHeader id="templates-heading" title="Checklist templates" description="A named part of the checklist, e.g. for internal batch APIs. Models can start from one instead of the whole checklist." />
      <ul className="divide-y divide-slate-100">
        {(templates.data ?? []).map((template) => (
          <li key={template.id} className="flex items-center justify-between px-5 py-2.5 text-sm">
            <span>
              <span className="font-medium text-slate-900">{template.name}</span> <span className="text-slate-600">· {template.entryKeys.length} entries</span>
            </span>
            {manage && (
              <Button variant="ghost" size="sm" onClick={() => remove.mutate(template.id)}>
                Delete<span className="sr-only"> template {template.name}</span>
              </Button>
            )}
          </li>
        ))}
        {templates.data?.length === 0 && <li className="px-5 py-3 text-sm text-slate-600">No templates yet.</li>}
      </ul>
      {manage && catalog.data && (
        <form
          noValidate
          className="space-y-3 border-t border-slate-200 p-5"
          onSubmit={(event) => {
            event.preventDefault();
            submitWith(ZCreateTemplate, { name, entryKeys: chosen }, create.mutate, () => {
              setName("");
              setChosen([]);
              clear();
            });
          }}
        >
          {formError && <Alert tone="error">{formError}</Alert>}
          <Field id="template-name" label="New template" error={errors.name}>
            <Input id="template-name" value={name} placeholder="Internal batch APIs" onChange={(e) => setName(e.target.value)} invalid={!!errors.name} aria-describedby={describedBy("template-name", errors.name)} />
          </Field>
          <fieldset aria-describedby={errors.entryKeys ? "template-entries-error" : undefined}>
            <legend className="text-sm font-medium text-slate-800">Entries ({chosen.length} chosen)</legend>
            <div className="mt-2 max-h-56 space-y-1 overflow-y-auto rounded-md bg-white p-2 ring-1 ring-slate-200">
              {catalog.data.entries.map((entry) => (
                <label key={entry.key} className="flex items-start gap-2 text-sm">
                  <input type="checkbox" className="mt-1 size-4 accent-brand-600" checked={chosen.includes(entry.key)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, entry.key] : c.filter((k) => k !== entry.key)))} />
                  {entry.title}
                </label>
              ))}
            </div>
            {errors.entryKeys && (
              <p id="template-entries-error" className="mt-1 text-sm text-red-700" role="alert">
                {errors.entryKeys}
              </p>
            )}
          </fieldset>
          <Button type="submit" loading={create.isPending}>
            Create template
          </Button>
        </form>
      )}
    </Card>
  );
}
