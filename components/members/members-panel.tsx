"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Options, Select } from "@/components/ui/field";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TableHead } from "@/components/ui/table-head";
import { canAssignRole, ROLE_LABEL } from "@/lib/core/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { useInvitations, useMembers, useRemoveMember, useRevokeInvitation, useUpdateMemberRole } from "@/lib/query/members";
import type { TMemberItem } from "@/lib/query/types";
import { InviteForm } from "./invite-form";

const ROLES: Role[] = ["OWNER", "ADMIN", "EDITOR", "VIEWER"];

/** The roles someone with `role` may hand out, as dropdown options. */
const assignableRoles = (role: Role) => ROLES.filter((candidate) => canAssignRole(role, candidate)).map((candidate) => ({ value: candidate, label: ROLE_LABEL[candidate] }));

export function MembersPanel() {
  const org = useOrg();
  const canManage = org.can("member:manage");
  const members = useMembers(org.slug);
  const invitations = useInvitations(org.slug, org.can("member:invite"));
  const updateRole = useUpdateMemberRole(org.slug);
  const removeMember = useRemoveMember(org.slug);
  const revoke = useRevokeInvitation(org.slug);
  const [removing, setRemoving] = useState<TMemberItem | null>(null);
  const mutationError = updateRole.error ?? removeMember.error ?? revoke.error;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Members</h1>
        <p className="mt-1 text-sm text-slate-600">People in {org.name} and what they may do.</p>
      </div>
      {mutationError && <Alert tone="error">{mutationError.message}</Alert>}
      {org.can("member:invite") && <InviteForm orgSlug={org.slug} roles={assignableRoles(org.role)} />}

      <Card aria-labelledby="members-heading">
        <CardHeader id="members-heading" title="People" description="Owners and admins manage members; editors change the inventory; viewers read." />
        {!members.data ? (
          <TableSkeleton rows={3} label="Loading members" />
        ) : (
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Members of {org.name}</caption>
            <TableHead cell="px-5 py-3" columns={["Name", "Role", canManage && { key: "actions", label: <span className="sr-only">Actions</span> }]} />
            <tbody className="divide-y divide-slate-100">
              {members.data.map((member) => {
                const editable = canManage && canAssignRole(org.role, member.role) && member.user.id !== org.userId;
                return (
                  <tr key={member.id}>
                    <td className="px-5 py-3">
                      <div className="font-medium text-slate-900">{member.user.name}</div>
                      <div className="text-xs text-slate-600">{member.user.email}</div>
                    </td>
                    <td className="px-5 py-3">
                      {editable ? (
                        <div className="w-40">
                          <label htmlFor={`role-${member.id}`} className="sr-only">
                            Role of {member.user.name}
                          </label>
                          <Select
                            id={`role-${member.id}`}
                            value={member.role}
                            disabled={updateRole.isPending}
                            onChange={(e) => updateRole.mutate({ id: member.id, role: e.target.value as Role })}
                          >
                            <Options options={assignableRoles(org.role)} />
                          </Select>
                        </div>
                      ) : (
                        <Badge tone="brand">{ROLE_LABEL[member.role]}</Badge>
                      )}
                    </td>
                    {canManage && (
                      <td className="px-5 py-3 text-right">
                        {editable && (
                          <Button variant="ghost" size="sm" onClick={() => setRemoving(member)}>
                            Remove<span className="sr-only"> {member.user.name}</span>
                          </Button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>

      {org.can("member:invite") && (
        <Card aria-labelledby="invitations-heading">
          <CardHeader id="invitations-heading" title="Pending invitations" description="Links expire after 7 days and work once." />
          {!invitations.data ? (
            <TableSkeleton rows={2} label="Loading invitations" />
          ) : invitations.data.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-600">No pending invitations.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {invitations.data.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
                  <span>
                    <span className="font-medium text-slate-900">{invitation.email}</span> as {ROLE_LABEL[invitation.role].toLowerCase()} · invited by {invitation.invitedBy.name} · expires{" "}
                    {new Date(invitation.expiresAt).toLocaleDateString("en-GB", { day: "numeric", month: "short" })}
                  </span>
                  <Button variant="ghost" size="sm" onClick={() => revoke.mutate(invitation.id)} loading={revoke.isPending && revoke.variables === invitation.id}>
                    Revoke<span className="sr-only"> invitation for {invitation.email}</span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.user.name ?? ""}?`}
        description="They lose access to this organisation at once. Their past changes stay in the audit log."
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" loading={removeMember.isPending} onClick={() => removing && removeMember.mutate(removing.id, { onSettled: () => setRemoving(null) })}>
              Remove member
            </Button>
          </>
        }
      />
    </div>
  );
}
