"use client";

import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input, Options, Select } from "@/components/ui/field";
import type { Role } from "@/lib/generated/prisma/enums";
import { useCreateInvitation } from "@/lib/query/members";
import { ZCreateInvitation } from "@/lib/validation/invitations";

/** An invitation link for an email address; `roles` are those the inviter may hand out. */
export function InviteForm({ orgSlug, roles }: { orgSlug: string; roles: { value: Role; label: string }[] }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("EDITOR");
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useCreateInvitation(orgSlug);
  const { errors, formError, submitWith } = useFieldErrors();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    submitWith(ZCreateInvitation, { email, role }, create.mutate, (invitation) => {
      setLink(invitation.link ?? null);
      setCopied(false);
      setEmail("");
    });
  }

  return (
    <Card aria-labelledby="invite-heading">
      <CardHeader id="invite-heading" title="Invite someone" description="Bulwark shows you a link to send them; it is shown only once." />
      <form onSubmit={submit} noValidate className="grid items-start gap-4 p-5 sm:grid-cols-[1fr_12rem_auto]">
        <Field id="invite-email" label="Email" error={errors.email}>
          <Input id="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} invalid={!!errors.email} aria-describedby={describedBy("invite-email", errors.email)} />
        </Field>
        <Field id="invite-role" label="Role" error={errors.role}>
          <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <Options options={roles} />
          </Select>
        </Field>
        <Button type="submit" className="sm:mt-7" loading={create.isPending}>
          Create invitation link
        </Button>
        {formError && !errors.email && <Alert tone="error" className="sm:col-span-3">{formError}</Alert>}
        {link && (
          <Alert tone="success" title="Invitation link" className="sm:col-span-3">
            <p className="break-all font-mono text-xs" data-testid="invitation-link">
              {link}
            </p>
            <Button
              variant="secondary"
              size="sm"
              className="mt-2"
              onClick={async () => {
                await navigator.clipboard.writeText(link).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy link"}
            </Button>
          </Alert>
        )}
      </form>
    </Card>
  );
}
