import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { ROLE_LABEL } from "@/lib/core/auth/permissions";
import { getSignedInUser } from "@/lib/api/auth/session";
import { findPendingInvitation } from "@/lib/server/invitations/find-pending-invitation";
import { ZInvitationToken } from "@/lib/validation/invitations";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = ZInvitationToken.safeParse(token).success ? await findPendingInvitation(token) : null;
  if (!invitation) {
    return (
      <>
        <h1 className="text-2xl font-semibold text-slate-900">Invitation</h1>
        <Alert tone="warning" className="mt-6" title="This invitation link is not valid any more">
          It may have been used already, revoked, or it expired. Ask the person who invited you for a new link.
        </Alert>
      </>
    );
  }
  const user = await getSignedInUser();
  const signedInAsInvitee = user?.email === invitation.email;
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Join {invitation.org.name}</h1>
      <p className="mt-1 text-sm text-slate-600">
        You were invited as <strong>{ROLE_LABEL[invitation.role].toLowerCase()}</strong> with <strong>{invitation.email}</strong>. The link works until{" "}
        {invitation.expiresAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}.
      </p>
      {invitation.accountExists && !signedInAsInvitee ? (
        <div className="mt-6 space-y-4">
          <Alert tone="info">{user ? `You are signed in as ${user.email}. Sign out, then sign in as ${invitation.email} to accept.` : `Sign in as ${invitation.email} to accept.`}</Alert>
          {!user && (
            <Link className={buttonClasses("primary", "md", "w-full")} href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}>
              Sign in to accept
            </Link>
          )}
        </div>
      ) : (
        <AcceptInvitationForm token={token} email={invitation.email} needsAccount={!invitation.accountExists} />
      )}
    </>
  );
}
