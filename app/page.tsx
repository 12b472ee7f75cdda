import { redirect } from "next/navigation";
import { getSignedInUser } from "@/lib/api/auth/session";
import { findCallerMembership } from "@/lib/server/members/find-caller-membership";

export default async function Home() {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  const membership = await findCallerMembership(user);
  redirect(membership ? `/${membership.org.slug}/apis` : "/no-organisation");
}
