"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { hardNavigate } from "@/components/ui/hard-navigate";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useMySessions, useRevokeSession, useRevokeSessions } from "@/lib/query/account";

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function SessionsCard() {
  const sessions = useMySessions();
  const revoke = useRevokeSession();
  const revokeMany = useRevokeSessions();
  const others = sessions.data?.filter((session) => !session.current).length ?? 0;
  return (
    <Card aria-labelledby="sessions-heading">
      <CardHeader
        id="sessions-heading"
        title="Active sessions"
        description="Where you are signed in. End any you do not recognise, then change your password."
        actions={
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" disabled={others === 0} loading={revokeMany.isPending && revokeMany.variables === "current"} onClick={() => revokeMany.mutate("current")}>
              End other sessions
            </Button>
            <Button
              variant="danger"
              size="sm"
              loading={revokeMany.isPending && revokeMany.variables === "none"}
              onClick={() =>
                // This session ended too.
                revokeMany.mutate("none", { onSuccess: () => hardNavigate("/login?reason=signed-out-everywhere") })
              }
            >
              Sign out everywhere
            </Button>
          </div>
        }
      />
      {(revoke.error ?? revokeMany.error) && <Alert tone="error" className="m-5">{(revoke.error ?? revokeMany.error)!.message}</Alert>}
      {!sessions.data ? (
        <div className="p-5">
          <TableSkeleton rows={2} label="Loading sessions" />
        </div>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label="Active sessions">
          {sessions.data.map((session) => (
            <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
              <div className="text-sm">
                <p className="font-medium text-slate-900">
                  {session.device} {session.current && <Badge tone="brand">This browser</Badge>} {session.method === "SSO" && <Badge tone="info">SSO</Badge>}
                </p>
                <p className="text-slate-600">
                  {session.ip ?? "Unknown address"} · last active {when(session.lastSeenAt)} · signed in {when(session.createdAt)}
                </p>
              </div>
              {!session.current && (
                <Button variant="secondary" size="sm" loading={revoke.isPending && revoke.variables === session.id} onClick={() => revoke.mutate(session.id)} aria-label={`End the session on ${session.device} at ${session.ip ?? "unknown address"}`}>
                  End session
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
