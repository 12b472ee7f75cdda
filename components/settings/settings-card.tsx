import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TableSkeleton } from "@/components/ui/skeleton";

/** A settings card: its header, then its form once the current settings have loaded (`children` until then absent). */
export function SettingsCard({ id, title, description, loadingLabel, children }: { id: string; title: string; description: string; loadingLabel: string; children?: React.ReactNode }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader id={id} title={title} description={description} />
      {children ?? <TableSkeleton rows={2} label={loadingLabel} />}
    </Card>
  );
}

type TSettingsFormProps = {
  onSubmit: (event: React.FormEvent) => void;
  formError: string | null;
  saved: boolean;
  /** What saving changed, shown once it has. */
  savedNote: string;
  /** Whether the caller may change these settings; without it there is no save button. */
  editable: boolean;
  pending: boolean;
  saveLabel: string;
  className?: string;
  children: React.ReactNode;
};

/** The form of a settings card: the error or the saved note first, the save button last. */
export function SettingsForm({ onSubmit, formError, saved, savedNote, editable, pending, saveLabel, className = "space-y-4 p-5", children }: TSettingsFormProps) {
  return (
    <form noValidate className={className} onSubmit={onSubmit}>
      {formError && <Alert tone="error">{formError}</Alert>}
      {saved && <Alert tone="success">{savedNote}</Alert>}
      {children}
      {editable && (
        <Button type="submit" loading={pending}>
          {saveLabel}
        </Button>
      )}
    </form>
  );
}
