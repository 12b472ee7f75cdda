"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Select, Textarea } from "@/components/ui/field";
import { can } from "@/lib/core/auth/permissions";
import { useApproveModel, useRequestChanges, useSubmitForReview } from "@/lib/query/threat-models";
import { useMembers } from "@/lib/query/members";
import type { TThreatModelDetail } from "@/lib/query/types";
import { FOUR_EYES_RULE, reviewConflict, reviewConflictMessage } from "@/lib/core/threat-models/review-rule";

const ACTION_LABEL = { SUBMITTED: "submitted it for review", APPROVED: "approved it", CHANGES_REQUESTED: "requested changes" } as const;

export function ReviewPanel({ model }: { model: TThreatModelDetail }) {
  const org = useOrg();
  const members = useMembers(org.slug);
  const submit = useSubmitForReview(org.slug, model.id);
  const approve = useApproveModel(org.slug, model.id);
  const requestChanges = useRequestChanges(org.slug, model.id);
  const [reviewerId, setReviewerId] = useState(model.reviewerId ?? "");
  const [comment, setComment] = useState("");
  const submitterIds = model.reviews.flatMap((review) => (review.action === "SUBMITTED" && review.actor ? [review.actor.id] : []));
  // The server enforces the same rule; this only explains it before anyone clicks.
  const conflict = reviewConflict({ authorId: model.authorId, contributorIds: model.contributorIds, submitterIds }, org.userId);
  const mayReview = !conflict && (org.can("member:manage") || model.reviewerId === org.userId) && org.can("threat:review");
  const wroteVersion = new Set([...(model.authorId ? [model.authorId] : []), ...model.contributorIds, org.userId]);
  const reviewers = (members.data ?? []).filter((member) => !wroteVersion.has(member.user.id) && can(member.role, "threat:review"));
  const error = submit.error ?? approve.error ?? requestChanges.error;
  const done = () => setComment("");

  return (
    <div className="grid gap-6 p-5 lg:grid-cols-2">
      <section aria-labelledby="review-action-heading" className="space-y-4">
        <h3 id="review-action-heading" className="text-base font-semibold text-slate-900">
          {model.status === "DRAFT" ? "Submit for review" : model.status === "IN_REVIEW" ? "Review" : "Approval"}
        </h3>
        {error && <Alert tone="error">{error.message}</Alert>}
        {model.status === "DRAFT" &&
          (org.can("threat:write") ? (
            <form
              className="space-y-3"
              onSubmit={(event) => {
                event.preventDefault();
                submit.mutate({ reviewerId: reviewerId || null, comment }, { onSuccess: done });
              }}
            >
              <p className="text-sm text-slate-700">
                {model.progress.answered < model.progress.total
                  ? `${model.progress.total - model.progress.answered} checklist entries are still unanswered; you can submit anyway.`
                  : "Every checklist entry is answered."}{" "}
                While in review the model is frozen.
              </p>
              <Field id="reviewer" label="Reviewer" hint={`Any admin can review; you may also name an editor. ${FOUR_EYES_RULE}`}>
                <Select id="reviewer" value={reviewerId} onChange={(e) => setReviewerId(e.target.value)} aria-describedby="reviewer-hint">
                  <option value="">Any admin</option>
                  {reviewers.map((member) => (
                    <option key={member.user.id} value={member.user.id}>
                      {member.user.name} ({member.role.toLowerCase()})
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="submit-comment" label="Note for the reviewer">
                <Textarea id="submit-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
              </Field>
              <Button type="submit" loading={submit.isPending}>
                Submit for review
              </Button>
            </form>
          ) : (
            <p className="text-sm text-slate-700">This model is a draft.</p>
          ))}
        {model.status === "IN_REVIEW" &&
          (mayReview ? (
            <div className="space-y-3">
              <Field id="review-comment" label="Comment" hint="Required when you request changes.">
                <Textarea id="review-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} aria-describedby="review-comment-hint" />
              </Field>
              <div className="flex gap-2">
                <Button onClick={() => approve.mutate({ comment }, { onSuccess: done })} loading={approve.isPending}>
                  Approve
                </Button>
                <Button variant="secondary" onClick={() => requestChanges.mutate({ comment }, { onSuccess: done })} loading={requestChanges.isPending}>
                  Request changes
                </Button>
              </div>
            </div>
          ) : (
            <Alert tone="info">
              {conflict
                ? reviewConflictMessage(conflict)
                : model.reviewer
                  ? `Waiting for ${model.reviewer.name} or an admin to review it.`
                  : "Waiting for an admin to review it."}
            </Alert>
          ))}
        {(model.status === "APPROVED" || model.status === "ARCHIVED") && (
          <Alert tone="success" title={`Approved by ${model.approvedBy?.name ?? "a reviewer"}`}>
            {model.approvedAt ? new Date(model.approvedAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : null}. The model is frozen; start a new version to change it.
          </Alert>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h3 id="history-heading" className="text-base font-semibold text-slate-900">
          History
        </h3>
        {model.reviews.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Not submitted yet.</p>
        ) : (
          <ol className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4">
            {model.reviews.map((review) => (
              <li key={review.id} className="text-sm">
                <p className="text-slate-900">
                  <strong>{review.actor?.name ?? "Someone"}</strong> {ACTION_LABEL[review.action]}
                </p>
                <p className="text-xs text-slate-600">
                  <time dateTime={review.createdAt}>{new Date(review.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</time>
                </p>
                {review.comment && <p className="mt-1 whitespace-pre-line rounded-md bg-slate-50 px-3 py-2 text-slate-800">{review.comment}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
