"use client";

import { MfaEnrolment } from "@/components/account/mfa-enrolment";
import { hardNavigate } from "@/components/ui/hard-navigate";

export function MfaSetupFlow({ next }: { next: string }) {
  // A full load, so the organisation's pages are rendered again with two-factor on.
  return <MfaEnrolment onDone={() => hardNavigate(next)} />;
}
