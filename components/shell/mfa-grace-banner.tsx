import Link from "next/link";
import { Alert } from "@/components/ui/alert";

// Rendered by the server for every page while an organisation's MFA grace period runs for the
// caller; after the deadline the pages send them to enrolment instead (requireOrgPage).

const DEADLINE_FORMAT = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

export function MfaGraceBanner({ orgSlug, deadline }: { orgSlug: string; deadline: Date }) {
  const next = `/${orgSlug}/apis`;
  return (
    <Alert tone="info" className="mb-6">
      Your organisation requires two-factor authentication from <time dateTime={deadline.toISOString()}>{DEADLINE_FORMAT.format(deadline)} UTC</time>.{" "}
      <Link href={`/mfa-setup?next=${encodeURIComponent(next)}`} className="font-medium underline">
        Set it up now.
      </Link>
    </Alert>
  );
}
