"use client";

import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CheckboxGroup, describedBy, Field, Input, Options, Select, Textarea } from "@/components/ui/field";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useCatalog, useCreateCatalogEntry, useToggleCatalogEntry } from "@/lib/query/catalog";
import { STRIDE, type TStrideLetter } from "@/lib/core/threat-models/catalog-schema";
import { ZCatalogEntryInput } from "@/lib/validation/catalog";

export function CatalogueCard() {
  const org = useOrg();
  const catalog = useCatalog(org.slug, true);
  const toggle = useToggleCatalogEntry(org.slug);
  const [adding, setAdding] = useState(false);
  const manage = org.can("catalog:manage");
  return (
    <Card aria-labelledby="catalogue-heading">
      <CardHeader
        id="catalogue-heading"
        title="Threat checklist"
        description="The entries new threat models walk through. Switch off what does not apply to your organisation, or add your own."
        actions={manage && !adding ? <Button size="sm" onClick={() => setAdding(true)}>Add entry</Button> : undefined}
      />
      {toggle.isError && <Alert tone="error" className="m-4">{toggle.error.message}</Alert>}
      {adding && catalog.data && <NewEntryForm categories={catalog.data.categories} onDone={() => setAdding(false)} />}
      {!catalog.data ? (
        <TableSkeleton label="Loading the catalogue" />
      ) : (
        <div className="divide-y divide-slate-200">
          {catalog.data.categories.map((category) => {
            const entries = catalog.data.entries.filter((entry) => entry.category === category.key);
            return (
              <section key={category.key} aria-labelledby={`cat-${category.key}`} className="px-5 py-4">
                <h3 id={`cat-${category.key}`} className="text-sm font-semibold text-slate-900">
                  {category.title} <span className="font-normal text-slate-600">({entries.filter((e) => !e.disabled).length} of {entries.length} on)</span>
                </h3>
                <ul className="mt-2 space-y-1.5">
                  {entries.map((entry) => (
                    <li key={entry.key} className="flex items-start gap-3 text-sm">
                      <input
                        type="checkbox"
                        id={`toggle-${entry.key}`}
                        className="mt-1 size-4 accent-brand-600"
                        checked={!entry.disabled}
                        disabled={!manage || toggle.isPending}
                        onChange={(e) => toggle.mutate({ key: entry.key, disabled: !e.target.checked })}
                      />
                      <label htmlFor={`toggle-${entry.key}`} className={entry.disabled ? "text-slate-500" : "text-slate-900"}>
                        {entry.question}
                        <span className="ml-2 inline-flex gap-1 align-middle">
                          {entry.owaspApi.map((owasp) => (
                            <Badge key={owasp} tone="brand">
                              {owasp}
                            </Badge>
                          ))}
                          {!entry.builtIn && <Badge tone="info">Yours</Badge>}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </Card>
  );
}

function NewEntryForm({ categories, onDone }: { categories: { key: string; title: string }[]; onDone: () => void }) {
  const org = useOrg();
  const create = useCreateCatalogEntry(org.slug);
  const { errors, formError, submitWith } = useFieldErrors();
  const [values, setValues] = useState({ category: categories[0]?.key ?? "", title: "", question: "", whyItMatters: "", howToTell: "", mitigation: "", stride: [] as TStrideLetter[] });
  const set = (key: keyof typeof values) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: event.target.value }));
  return (
    <form
      noValidate
      className="space-y-4 border-b border-slate-200 bg-slate-50 p-5"
      onSubmit={(event) => {
        event.preventDefault();
        const entry = {
          category: values.category,
          title: values.title,
          question: values.question,
          whyItMatters: values.whyItMatters,
          howToTell: values.howToTell,
          mitigations: values.mitigation.trim() ? [{ title: values.mitigation.trim(), description: "" }] : [],
          stride: values.stride,
        };
        submitWith(ZCatalogEntryInput, entry, create.mutate, onDone);
      }}
    >
      {formError && <Alert tone="error">{formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="entry-category" label="Category">
          <Select id="entry-category" value={values.category} onChange={set("category")}>
            <Options options={categories.map((category) => ({ value: category.key, label: category.title }))} />
          </Select>
        </Field>
        <Field id="entry-title" label="Title" error={errors.title} required>
          <Input id="entry-title" value={values.title} onChange={set("title")} invalid={!!errors.title} aria-describedby={describedBy("entry-title", errors.title)} />
        </Field>
      </div>
      <Field id="entry-question" label="Question" hint="Phrase it so that “yes” means the threat applies." error={errors.question} required>
        <Input id="entry-question" value={values.question} onChange={set("question")} invalid={!!errors.question} aria-describedby={describedBy("entry-question", errors.question, "Phrase it so that “yes” means the threat applies.")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="entry-why" label="Why it matters">
          <Textarea id="entry-why" rows={2} value={values.whyItMatters} onChange={set("whyItMatters")} />
        </Field>
        <Field id="entry-how" label="How to tell">
          <Textarea id="entry-how" rows={2} value={values.howToTell} onChange={set("howToTell")} />
        </Field>
      </div>
      <Field id="entry-mitigation" label="Suggested mitigation" error={errors.mitigations} required>
        <Input id="entry-mitigation" value={values.mitigation} onChange={set("mitigation")} invalid={!!errors.mitigations} aria-describedby={describedBy("entry-mitigation", errors.mitigations)} />
      </Field>
      <CheckboxGroup
        legend="STRIDE"
        name="entry-stride"
        options={(Object.keys(STRIDE) as TStrideLetter[]).map((letter) => ({ value: letter, label: `${letter} · ${STRIDE[letter]}` }))}
        value={values.stride}
        onChange={(stride) => setValues((v) => ({ ...v, stride }))}
        error={errors.stride}
      />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending}>
          Add entry
        </Button>
      </div>
    </form>
  );
}
