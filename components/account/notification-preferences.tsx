"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useNotificationPreferences, useSaveNotificationPreferences } from "@/lib/query/mitigations";
import type { TNotificationPreference } from "@/lib/query/types";

const KIND_LABEL: Record<TNotificationPreference["kind"], { label: string; hint: string }> = {
  ASSIGNED: { label: "Assigned to me", hint: "Someone gives you a mitigation." },
  MENTIONED: { label: "Mentioned", hint: "Someone @mentions you in a comment." },
  DUE_SOON: { label: "Due soon", hint: "A mitigation of yours is due within 3 days." },
  OVERDUE: { label: "Overdue", hint: "A mitigation of yours is past its due date." },
  REVIEW_REQUESTED: { label: "Review requested", hint: "A threat model waits for your review." },
};

export function NotificationPreferencesCard() {
  const preferences = useNotificationPreferences();
  return (
    <Card aria-labelledby="notification-preferences-heading">
      <CardHeader id="notification-preferences-heading" title="Notifications" description="Choose what reaches you in the bell and by email. This applies in every organisation you belong to." />
      {preferences.data ? <PreferencesForm key={JSON.stringify(preferences.data)} initial={preferences.data} /> : <TableSkeleton rows={3} label="Loading notification preferences" />}
    </Card>
  );
}

function PreferencesForm({ initial }: { initial: TNotificationPreference[] }) {
  const save = useSaveNotificationPreferences();
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(false);
  const toggle = (kind: TNotificationPreference["kind"], channel: "inApp" | "email", on: boolean) => {
    setSaved(false);
    setValues((current) => current.map((preference) => (preference.kind === kind ? { ...preference, [channel]: on } : preference)));
  };
  return (
    <form
      className="p-5"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(values, { onSuccess: () => setSaved(true) });
      }}
    >
      <table className="w-full text-sm">
        <caption className="sr-only">Notification channels per kind</caption>
        <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="py-2">
              When
            </th>
            <th scope="col" className="w-24 py-2 text-center">
              In the app
            </th>
            <th scope="col" className="w-24 py-2 text-center">
              Email
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {values.map((preference) => (
            <tr key={preference.kind}>
              <th scope="row" className="py-2 text-left font-normal">
                <span className="font-medium text-slate-900">{KIND_LABEL[preference.kind].label}</span>
                <span className="block text-xs text-slate-600">{KIND_LABEL[preference.kind].hint}</span>
              </th>
              <td className="py-2 text-center">
                <input type="checkbox" className="size-4 accent-brand-600" aria-label={`${KIND_LABEL[preference.kind].label} in the app`} checked={preference.inApp} onChange={(e) => toggle(preference.kind, "inApp", e.target.checked)} />
              </td>
              <td className="py-2 text-center">
                <input type="checkbox" className="size-4 accent-brand-600" aria-label={`${KIND_LABEL[preference.kind].label} by email`} checked={preference.email} onChange={(e) => toggle(preference.kind, "email", e.target.checked)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {save.isError && <Alert tone="error">{save.error.message}</Alert>}
      {saved && <Alert tone="success">Saved.</Alert>}
      <Button type="submit" className="mt-4" loading={save.isPending}>
        Save notification settings
      </Button>
    </form>
  );
}
