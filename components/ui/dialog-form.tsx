import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";

type TDialogFormProps = {
  open?: boolean;
  onClose: () => void;
  title: string;
  description?: React.ReactNode;
  size?: "md" | "lg";
  onSubmit: (event: React.FormEvent) => void;
  /** The form's own error (field errors sit beside their fields). */
  error?: string | null;
  submitLabel: string;
  pending: boolean;
  /** Buttons before Cancel, e.g. a delete that pushes itself to the left with mr-auto. */
  actions?: React.ReactNode;
  children: React.ReactNode;
};

/** A dialog whose body is one form: its error first, then the fields, then Cancel and the submit button. */
export function DialogForm({ open = true, onClose, title, description, size, onSubmit, error, submitLabel, pending, actions, children }: TDialogFormProps) {
  return (
    <Dialog open={open} onClose={onClose} size={size} title={title} description={description}>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        {children}
        <div className="flex justify-end gap-2">
          {actions}
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
