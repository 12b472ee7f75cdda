import { describe, expect, it } from "vitest";
import { findCallerMembership, listMembershipsOfUser } from "@/lib/server/members/find-caller-membership";
import { addMember, createOrg as createBareOrg, createUser, signedInAs } from "../support/fixtures";

// The caller's membership carries the organisation's sign-in policy (off for these).
const createOrg = async (name: string) => ({ ...(await createBareOrg(name)), requireMfa: false, mfaRequiredFrom: null, ssoOnly: false });

describe("the caller's membership", () => {
  it("by slug, by active organisation, else the oldest; never an organisation the user is not in", async () => {
    const user = await createUser({ name: "Multi" });
    const zeta = await createOrg("Zeta");
    const alpha = await createOrg("Alpha");
    const stranger = await createOrg("Stranger");
    await addMember(zeta, "VIEWER", user);
    await addMember(alpha, "ADMIN", user);
    await addMember(stranger, "OWNER");

    expect(await findCallerMembership(signedInAs(user), alpha.slug)).toEqual({ role: "ADMIN", org: alpha });
    expect(await findCallerMembership(signedInAs(user), stranger.slug)).toBeNull();
    expect(await findCallerMembership(signedInAs(user), "no-such-org")).toBeNull();
    // The slug wins over the active organisation.
    expect(await findCallerMembership(signedInAs(user, alpha.id), zeta.slug)).toEqual({ role: "VIEWER", org: zeta });

    expect(await findCallerMembership(signedInAs(user, alpha.id))).toEqual({ role: "ADMIN", org: alpha });
    // Oldest membership first when there is no active organisation or the user left it.
    expect(await findCallerMembership(signedInAs(user))).toEqual({ role: "VIEWER", org: zeta });
    expect(await findCallerMembership(signedInAs(user, stranger.id))).toEqual({ role: "VIEWER", org: zeta });

    const loner = await createUser({ name: "Loner" });
    expect(await findCallerMembership(signedInAs(loner))).toBeNull();
    expect(await listMembershipsOfUser(signedInAs(loner))).toEqual([]);
  });

  it("lists the user's organisations by name, and only theirs", async () => {
    const user = await createUser({ name: "Switcher" });
    const zeta = await createOrg("Zeta");
    const alpha = await createOrg("Alpha");
    await createOrg("Other");
    await addMember(zeta, "EDITOR", user);
    await addMember(alpha, "OWNER", user);
    const bare = ({ id, slug, name }: { id: string; slug: string; name: string }) => ({ id, slug, name });
    expect(await listMembershipsOfUser(signedInAs(user))).toEqual([
      { role: "OWNER", org: bare(alpha) },
      { role: "EDITOR", org: bare(zeta) },
    ]);
  });
});
