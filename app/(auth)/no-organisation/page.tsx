import { SignOutButton } from "@/components/shell/sign-out-button";
import { Alert } from "@/components/ui/alert";

export default function NoOrganisationPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">No organisation yet</h1>
      <Alert tone="info" className="mt-6">
        Your account is not a member of any organisation. Ask an admin for an invitation link, then open it while signed in.
      </Alert>
      <div className="mt-6">
        <SignOutButton />
      </div>
    </>
  );
}
