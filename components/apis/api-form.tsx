"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CheckboxGroup, describedBy, Field, Input, Options, Select, Textarea } from "@/components/ui/field";
import { ApiError } from "@/lib/query/fetcher";
import { useCreateApi, useFetchLatestApi, useUpdateApi } from "@/lib/query/apis";
import { useMembers, useTeams } from "@/lib/query/members";
import type { TApiItem } from "@/lib/query/types";
import { ZCreateApi, type TCreateApi } from "@/lib/validation/apis";
import { AUTH_SCHEME_LABEL, CLASSIFICATION, DATA_FLAG_LABEL, EXPOSURE, LIFECYCLE, optionsOf, PROTOCOL_LABEL } from "./labels";

// What the inputs hold: optional text fields are "" rather than null, tags one comma-separated string.
type TextFields = "team" | "technicalOwnerId" | "tags" | "apiVersion" | "system" | "specUrl";
export type FormValues = Omit<TCreateApi, TextFields> & Record<TextFields, string>;

const EMPTY: FormValues = {
  name: "",
  description: "",
  team: "",
  technicalOwnerId: "",
  lifecycle: "DESIGN",
  exposure: "INTERNAL",
  protocol: "REST",
  authSchemes: [],
  dataClassification: "INTERNAL",
  dataFlags: [],
  tags: "",
  apiVersion: "",
  system: "",
  specUrl: "",
  environments: [],
};

function fromApi(api: TApiItem): FormValues {
  return {
    name: api.name,
    description: api.description,
    team: api.team?.name ?? "",
    technicalOwnerId: api.technicalOwner?.id ?? "",
    lifecycle: api.lifecycle,
    exposure: api.exposure,
    protocol: api.protocol,
    authSchemes: api.authSchemes,
    dataClassification: api.dataClassification,
    dataFlags: api.dataFlags,
    tags: api.tags.join(", "),
    apiVersion: api.apiVersion ?? "",
    system: api.system ?? "",
    specUrl: api.specUrl ?? "",
    environments: api.environments.map((e) => ({ ...e })),
  };
}

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

function toPayload(values: FormValues) {
  return {
    ...values,
    team: orNull(values.team),
    technicalOwnerId: orNull(values.technicalOwnerId),
    apiVersion: orNull(values.apiVersion),
    system: orNull(values.system),
    specUrl: orNull(values.specUrl),
    tags: values.tags
      .split(/[,\s]+/)
      .map((tag) => tag.trim())
      .filter(Boolean),
  };
}

/** "environments.0.baseUrl" stays as it is; "tags.3" is reported on the tags field. */
function normaliseErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = /^(tags|authSchemes|dataFlags)\.\d+$/.test(key) ? key.split(".")[0]! : key;
    out[field] ??= message;
  }
  return out;
}

type ApiFormProps = {
  api?: TApiItem;
  /** Values for a new API, e.g. read from a spec. */
  prefill?: Partial<FormValues>;
  /** Runs after a new API is created, instead of opening its page (the caller navigates). */
  afterCreate?: (api: TApiItem) => Promise<void>;
  submitLabel?: string;
};

export function ApiForm({ api, prefill, afterCreate, submitLabel }: ApiFormProps) {
  const org = useOrg();
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(api ? fromApi(api) : { ...EMPTY, ...prefill });
  const [version, setVersion] = useState(api?.version ?? 0);
  const [conflict, setConflict] = useState<string | null>(null);
  const { errors: rawErrors, formError, validate, fromError, clear } = useFieldErrors();
  const errors = normaliseErrors(rawErrors);
  const members = useMembers(org.slug);
  const teams = useTeams(org.slug);
  const create = useCreateApi(org.slug);
  const update = useUpdateApi(org.slug, api?.id ?? "");
  const fetchLatest = useFetchLatestApi(org.slug);
  const pending = create.isPending || update.isPending;

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const text = (key: "name" | "description" | "team" | "apiVersion" | "system" | "specUrl" | "tags") => ({
    id: key,
    name: key,
    value: values[key],
    invalid: !!errors[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, event.target.value),
  });

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setConflict(null);
    const payload = validate<TCreateApi>(ZCreateApi, toPayload(values));
    if (!payload) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    try {
      const saved = api ? await update.mutateAsync({ ...payload, version }) : await create.mutateAsync(payload);
      if (!api && afterCreate) {
        await afterCreate(saved);
        return;
      }
      router.push(`/${org.slug}/apis/${saved.id}`);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && !error.problem.errors?.length) {
        clear();
        setConflict(error.message);
        return;
      }
      fromError(error);
    }
  }

  async function reloadLatest() {
    if (!api) return;
    const latest = await fetchLatest(api.id);
    setValues(fromApi(latest));
    setVersion(latest.version);
    setConflict(null);
  }

  const cancelHref = api ? `/${org.slug}/apis/${api.id}` : `/${org.slug}/apis`;

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-label={api ? `Edit ${api.name}` : "New API"}>
      {conflict && (
        <Alert
          tone="warning"
          title="Someone else changed this API"
          actions={
            <Button variant="secondary" size="sm" onClick={reloadLatest}>
              Reload their version (discards your edits)
            </Button>
          }
        >
          {conflict} Your edits are still in the form below.
        </Alert>
      )}
      {formError && !conflict && <Alert tone="error">{formError}</Alert>}

      <Card>
        <CardHeader title="Basics" description="What the API is and where its specification lives." />
        <div className="grid gap-5 p-5 sm:grid-cols-2">
          <Field id="name" label="Name" error={errors.name} required className="sm:col-span-2">
            <Input {...text("name")} autoComplete="off" aria-describedby={describedBy("name", errors.name)} required />
          </Field>
          <Field id="description" label="Description" error={errors.description} className="sm:col-span-2">
            <Textarea {...text("description")} rows={3} aria-describedby={describedBy("description", errors.description)} />
          </Field>
          <Field id="apiVersion" label="Version" error={errors.apiVersion} hint="As published, e.g. 2.1.0.">
            <Input {...text("apiVersion")} aria-describedby={describedBy("apiVersion", errors.apiVersion, "As published, e.g. 2.1.0.")} />
          </Field>
          <Field id="system" label="System" error={errors.system} hint="The larger system it belongs to (Backstage 'system').">
            <Input {...text("system")} aria-describedby={describedBy("system", errors.system, "The larger system it belongs to (Backstage 'system').")} />
          </Field>
          <Field id="specUrl" label="Spec URL" error={errors.specUrl} hint="Where the OpenAPI or other definition is published." className="sm:col-span-2">
            <Input {...text("specUrl")} type="url" inputMode="url" placeholder="https://…" aria-describedby={describedBy("specUrl", errors.specUrl, "Where the OpenAPI or other definition is published.")} />
          </Field>
        </div>
      </Card>

      <Card>
        <CardHeader title="Ownership" description="Who answers for this API." />
        <div className="grid gap-5 p-5 sm:grid-cols-2">
          <Field id="team" label="Owning team" error={errors.team} hint="Pick one or type a new team name.">
            <Input {...text("team")} list="team-options" autoComplete="off" aria-describedby={describedBy("team", errors.team, "Pick one or type a new team name.")} />
            <datalist id="team-options">
              {(teams.data ?? []).map((team) => (
                <option key={team.id} value={team.name} />
              ))}
            </datalist>
          </Field>
          <Field id="technicalOwnerId" label="Technical owner" error={errors.technicalOwnerId}>
            <Select id="technicalOwnerId" value={values.technicalOwnerId} onChange={(e) => set("technicalOwnerId", e.target.value)} invalid={!!errors.technicalOwnerId} aria-describedby={describedBy("technicalOwnerId", errors.technicalOwnerId)}>
              <option value="">Nobody yet</option>
              {(members.data ?? []).map((member) => (
                <option key={member.user.id} value={member.user.id}>
                  {member.user.name} ({member.user.email})
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </Card>

      <Card>
        <CardHeader title="Exposure and data" description="These drive which threats apply." />
        <div className="grid gap-5 p-5 sm:grid-cols-3">
          <EnumSelect id="exposure" label="Exposure" value={values.exposure} options={optionsOf(EXPOSURE)} onChange={(v) => set("exposure", v)} error={errors.exposure} hint={EXPOSURE[values.exposure].hint} />
          <EnumSelect id="lifecycle" label="Lifecycle" value={values.lifecycle} options={optionsOf(LIFECYCLE)} onChange={(v) => set("lifecycle", v)} error={errors.lifecycle} />
          <EnumSelect id="protocol" label="Protocol" value={values.protocol} options={optionsOf(PROTOCOL_LABEL)} onChange={(v) => set("protocol", v)} error={errors.protocol} />
          <EnumSelect id="dataClassification" label="Data classification" value={values.dataClassification} options={optionsOf(CLASSIFICATION)} onChange={(v) => set("dataClassification", v)} error={errors.dataClassification} />
          <div className="sm:col-span-2">
            <CheckboxGroup legend="Sensitive data handled" name="dataFlags" options={optionsOf(DATA_FLAG_LABEL)} value={values.dataFlags} onChange={(v) => set("dataFlags", v)} error={errors.dataFlags} />
          </div>
          <div className="sm:col-span-3">
            <CheckboxGroup legend="Authentication" name="authSchemes" options={optionsOf(AUTH_SCHEME_LABEL)} value={values.authSchemes} onChange={(v) => set("authSchemes", v)} error={errors.authSchemes} hint="Every scheme a caller can use." />
          </div>
          <Field id="tags" label="Tags" error={errors.tags} hint="Separate with commas, e.g. payments, pci-scope." className="sm:col-span-3">
            <Input {...text("tags")} aria-describedby={describedBy("tags", errors.tags, "Separate with commas, e.g. payments, pci-scope.")} />
          </Field>
        </div>
      </Card>

      <Card>
        <CardHeader
          title="Environments"
          description="Base URLs where the API is deployed."
          actions={
            <Button variant="secondary" size="sm" onClick={() => set("environments", [...values.environments, { name: "", baseUrl: "" }])} disabled={values.environments.length >= 20}>
              Add environment
            </Button>
          }
        />
        <div className="space-y-4 p-5">
          {values.environments.length === 0 && <p className="text-sm text-slate-600">No environments yet.</p>}
          {errors.environments && <p className="text-sm text-red-700">{errors.environments}</p>}
          {values.environments.map((environment, index) => {
            const nameError = errors[`environments.${index}.name`];
            const urlError = errors[`environments.${index}.baseUrl`];
            const update = (patch: Partial<typeof environment>) => set("environments", values.environments.map((e, i) => (i === index ? { ...e, ...patch } : e)));
            return (
              <fieldset key={index} className="grid items-start gap-3 sm:grid-cols-[12rem_1fr_auto]">
                <legend className="sr-only">Environment {index + 1}</legend>
                <Field id={`env-${index}-name`} label="Environment name" error={nameError}>
                  <Input id={`env-${index}-name`} value={environment.name} placeholder="production" onChange={(e) => update({ name: e.target.value })} invalid={!!nameError} aria-describedby={describedBy(`env-${index}-name`, nameError)} />
                </Field>
                <Field id={`env-${index}-url`} label="Base URL" error={urlError}>
                  <Input id={`env-${index}-url`} type="url" value={environment.baseUrl} placeholder="https://api.example.com" onChange={(e) => update({ baseUrl: e.target.value })} invalid={!!urlError} aria-describedby={describedBy(`env-${index}-url`, urlError)} />
                </Field>
                <Button variant="ghost" size="sm" className="sm:mt-7" aria-label={`Remove environment ${index + 1}`} onClick={() => set("environments", values.environments.filter((_, i) => i !== index))}>
                  Remove
                </Button>
              </fieldset>
            );
          })}
        </div>
      </Card>

      <div className="flex justify-end gap-3">
        <Link href={cancelHref} className={buttonClasses("secondary")}>
          Cancel
        </Link>
        <Button type="submit" loading={pending}>
          {submitLabel ?? (api ? "Save changes" : "Create API")}
        </Button>
      </div>
    </form>
  );
}

function EnumSelect<T extends string>({ id, label, value, options, onChange, error, hint }: { id: string; label: string; value: T; options: { value: T; label: string }[]; onChange: (value: T) => void; error?: string; hint?: string }) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} invalid={!!error} aria-describedby={describedBy(id, error, hint)}>
        <Options options={options} />
      </Select>
    </Field>
  );
}
