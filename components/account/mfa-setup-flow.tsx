"use client";

import { MfaEnrolment } from "@/components/account/mfa-enrolment";

export function MfaSetupFlow({ next }: { next: string }) {
  // A full load, so the organisation's pages are rendered again with two-factor on.
  return <MfaEnrolment onDone={() => window.location.assign(next)} />;
}
