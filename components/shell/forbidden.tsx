import { Alert } from "@/components/ui/alert";

export function Forbidden({ what }: { what: string }) {
  return (
    <div className="mx-auto max-w-xl">
      <Alert tone="warning" title="Not allowed">
        Your role in this organisation does not allow you to {what}. Ask an admin if you need it.
      </Alert>
    </div>
  );
}
