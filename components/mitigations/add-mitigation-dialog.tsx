"use client";

import { useState } from "react";
import { useFieldErrors } from "@/components/auth/use-field-errors";
import { useOrg } from "@/components/shell/org-context";
import { DialogForm } from "@/components/ui/dialog-form";
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
  const { errors, formError, submitWith } = useFieldErrors();
  const [values, setValues] = useState({ title: "", description: "", assigneeId: "", dueDate: "", priority: 3 });
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((current) => ({ ...current, [key]: value }));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    submitWith(ZCreateMitigation, { ...values, assigneeId: values.assigneeId || null, dueDate: values.dueDate || null, threatIds: [threat.id] }, create.mutate, onClose);
  }

  return (
    <DialogForm onClose={onClose} title="Add a mitigation" description={`For “${threat.title}”.`} onSubmit={submit} error={formError} submitLabel="Add mitigation" pending={create.isPending}>
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
    </DialogForm>
  );
}
