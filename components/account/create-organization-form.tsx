"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input } from "@/components/ui/field";
import { useCreateOrganization } from "@/lib/query/account";
import { ZCreateOrganization } from "@/lib/validation/organization";

export function CreateOrganizationForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useCreateOrganization();
  const { errors, formError, submitWith } = useFieldErrors();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    submitWith(ZCreateOrganization, { name }, create.mutate, (slug) => {
      router.push(`/${slug}/apis`);
      router.refresh();
    });
  }

  return (
    <Card aria-labelledby="new-org-heading">
      <CardHeader id="new-org-heading" title="New organisation" description="Each organisation's data is kept apart from every other's." />
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-4 p-5">
        {formError && !errors.name && <Alert tone="error" className="w-full">{formError}</Alert>}
        <Field id="org-name" label="Name" error={errors.name} className="min-w-64 flex-1">
          <Input id="org-name" value={name} onChange={(e) => setName(e.target.value)} invalid={!!errors.name} aria-describedby={describedBy("org-name", errors.name)} />
        </Field>
        <Button type="submit" className="mt-7" loading={create.isPending}>
          Create organisation
        </Button>
      </form>
    </Card>
  );
}
