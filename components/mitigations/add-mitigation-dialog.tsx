"use client";

import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, Field, Input, Select, Textarea } from "@/components/ui/field";
import { useMembers } from "@/lib/query/members";
import { useCreateMitigation } from "@/lib/query/mitigations";
import { ZCreateMitigation } from "@/lib/validation/mitigations";
import { PriorityOptions } from "./labels";

/** A new mitigation for one threat; more threats can be linked from the mitigation's page. */
export function AddMitigationDialog({ threat, onClose }: { threat: { id: string; title: string }; onClose: () => void }) {
  const org = useOrg();
  const members = useMembers(org.slug);
  const create = useCreateMitigation(org.slug);
  const { errors, formError, validate, fromError } = useFieldErrors();
  const [values, setValues] = useState({ title: "", description: "", assigneeId: "", dueDate: "", priority: 3 });
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((current) => ({ ...current, [key]: value }));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = validate(ZCreateMitigation, { ...values, assigneeId: values.assigneeId || null, dueDate: values.dueDate || null, threatIds: [threat.id] });
    if (!input) return;
    try {
      await create.mutateAsync(input);
      onClose();
    } catch (error) {
      fromError(error);
    }
  }

  return (
    <Dialog open onClose={onClose} title="Add a mitigation" description={`For “${threat.title}”.`}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {formError && <Alert tone="error">{formError}</Alert>}
        <Field id="new-mitigation-title" label="Title" error={errors.title} required>
          <Input id="new-mitigation-title" value={values.title} onChange={(e) => set("title", e.target.value)} invalid={!!errors.title} aria-describedby={describedBy("new-mitigation-title", errors.title)} autoFocus />
        </Field>
        <Field id="new-mitigation-description" label="Description" error={errors.description}>
          <Textarea id="new-mitigation-description" rows={3} value={values.description} onChange={(e) => set("description", e.target.value)} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="new-mitigation-assignee" label="Assignee" error={errors.assigneeId}>
            <Select id="new-mitigation-assignee" value={values.assigneeId} onChange={(e) => set("assigneeId", e.target.value)} invalid={!!errors.assigneeId}>
              <option value="">Unassigned</option>
              {(members.data ?? []).map((member) => (
                <option key={member.user.id} value={member.user.id}>
                  {member.user.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="new-mitigation-due" label="Due date" error={errors.dueDate} hint="Empty: from the SLA.">
            <Input id="new-mitigation-due" type="date" value={values.dueDate} onChange={(e) => set("dueDate", e.target.value)} invalid={!!errors.dueDate} aria-describedby={describedBy("new-mitigation-due", errors.dueDate, "hint")} />
          </Field>
          <Field id="new-mitigation-priority" label="Priority">
            <Select id="new-mitigation-priority" value={values.priority} onChange={(e) => set("priority", Number(e.target.value))}>
              <PriorityOptions />
            </Select>
          </Field>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add mitigation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
