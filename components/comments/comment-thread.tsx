"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useMembers } from "@/lib/query/members";
import { type TCommentTarget, useCommentMutations, useComments } from "@/lib/query/mitigations";
import type { TCommentItem } from "@/lib/query/types";
import { Markdown } from "./markdown";
import { MentionTextarea } from "./mention-textarea";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** Comments on a threat or a mitigation: Markdown, @mentions, edit and delete of one's own. */
export function CommentThread({ target }: { target: TCommentTarget }) {
  const org = useOrg();
  const comments = useComments(org.slug, target);
  const mutations = useCommentMutations(org.slug, target);
  const members = useMembers(org.slug);
  const people = (members.data ?? []).map((member) => member.user);
  const [draft, setDraft] = useState("");
  const canWrite = org.can("threat:write");

  const post = () => {
    if (!draft.trim()) return;
    mutations.create.mutate(draft, { onSuccess: () => setDraft("") });
  };

  return (
    <div>
      {!comments.data ? (
        <TableSkeleton rows={2} label="Loading comments" />
      ) : comments.data.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">No comments yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100" aria-label="Comments">
          {comments.data.map((comment) => (
            <CommentItem key={comment.id} comment={comment} mine={comment.author?.id === org.userId && canWrite} people={people} mutations={mutations} />
          ))}
        </ol>
      )}
      {canWrite ? (
        <form
          className="space-y-2 border-t border-slate-200 p-5"
          onSubmit={(event) => {
            event.preventDefault();
            post();
          }}
        >
          <label htmlFor={`new-comment-${target.id}`} className="block text-sm font-medium text-slate-800">
            Add a comment
          </label>
          <MentionTextarea id={`new-comment-${target.id}`} rows={3} value={draft} onChange={setDraft} members={people} onSubmitShortcut={post} placeholder="Markdown works. Type @ to mention someone." aria-describedby={`new-comment-${target.id}-hint`} />
          <p id={`new-comment-${target.id}-hint`} className="text-xs text-slate-600">
            Ctrl + Enter posts. Raw HTML is not rendered; links must be http, https or mailto.
          </p>
          {mutations.create.isError && <Alert tone="error">{mutations.create.error.message} Your text is still here.</Alert>}
          <div className="flex justify-end">
            <Button type="submit" size="sm" loading={mutations.create.isPending} disabled={!draft.trim()}>
              Comment
            </Button>
          </div>
        </form>
      ) : (
        <p className="border-t border-slate-200 px-5 py-3 text-xs text-slate-600">Viewers can read the discussion but not take part.</p>
      )}
    </div>
  );
}

function CommentItem({
  comment,
  mine,
  people,
  mutations,
}: {
  comment: TCommentItem;
  mine: boolean;
  people: { id: string; name: string; email: string }[];
  mutations: ReturnType<typeof useCommentMutations>;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  if (comment.deletedAt) {
    return <li className="px-5 py-3 text-sm italic text-slate-600">Comment deleted.</li>;
  }
  const save = () => {
    if (!editing?.trim()) return;
    mutations.update.mutate({ id: comment.id, body: editing }, { onSuccess: () => setEditing(null) });
  };
  return (
    <li className="px-5 py-3" data-testid="comment">
      <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-600">
        <span className="font-semibold text-slate-900">{comment.author?.name ?? "Former member"}</span>
        <time dateTime={comment.createdAt}>{when(comment.createdAt)}</time>
        {comment.editedAt && <span>(edited)</span>}
      </p>
      {editing !== null ? (
        <form
          className="mt-2 space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label htmlFor={`edit-${comment.id}`} className="sr-only">
            Edit comment
          </label>
          <MentionTextarea id={`edit-${comment.id}`} rows={3} value={editing} onChange={setEditing} members={people} onSubmitShortcut={save} autoFocus />
          {mutations.update.isError && <Alert tone="error">{mutations.update.error.message}</Alert>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" loading={mutations.update.isPending}>
              Save comment
            </Button>
          </div>
        </form>
      ) : (
        <div className="mt-1">
          <Markdown>{comment.body}</Markdown>
        </div>
      )}
      {mine && editing === null && (
        <div className="mt-1 flex gap-1">
          <Button variant="ghost" size="sm" onClick={() => setEditing(comment.body)}>
            Edit<span className="sr-only"> your comment from {when(comment.createdAt)}</span>
          </Button>
          {confirming ? (
            <>
              <Button variant="danger" size="sm" loading={mutations.remove.isPending} onClick={() => mutations.remove.mutate(comment.id)}>
                Confirm delete
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button variant="ghost" size="sm" onClick={() => setConfirming(true)}>
              Delete<span className="sr-only"> your comment from {when(comment.createdAt)}</span>
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
