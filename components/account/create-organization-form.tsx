"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input } from "@/components/ui/field";
import { apiFetch } from "@/lib/query/fetcher";
import { ZCreateOrganization } from "@/lib/validation/organization";

export function CreateOrganizationForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const { errors, formError, validate, fromError } = useFieldErrors();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = validate(ZCreateOrganization, { name });
    if (!input) return;
    setPending(true);
    try {
      const created = await apiFetch<{ data: { slug: string } }>("/api/v1/orgs", { method: "POST", body: input });
      await apiFetch("/api/v1/me/active-org", { method: "PUT", body: { slug: created.data.slug } });
      router.push(`/${created.data.slug}/apis`);
      router.refresh();
    } catch (error) {
      fromError(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <Card aria-labelledby="new-org-heading">
      <CardHeader id="new-org-heading" title="New organisation" description="Each organisation's data is kept apart from every other's." />
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-4 p-5">
        {formError && !errors.name && <Alert tone="error" className="w-full">{formError}</Alert>}
        <Field id="org-name" label="Name" error={errors.name} className="min-w-64 flex-1">
          <Input id="org-name" value={name} onChange={(e) => setName(e.target.value)} invalid={!!errors.name} aria-describedby={describedBy("org-name", errors.name)} />
        </Field>
        <Button type="submit" className="mt-7" loading={pending}>
          Create organisation
        </Button>
      </form>
    </Card>
  );
}
