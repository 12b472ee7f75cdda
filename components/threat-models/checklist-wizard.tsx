"use client";

import { useMemo, useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Textarea } from "@/components/ui/field";
import type { ChecklistAnswerValue } from "@/lib/generated/prisma/enums";
import { useSaveAnswer } from "@/lib/query/threat-models";
import type { TChecklistEntry, TThreatModelDetail } from "@/lib/query/types";
import { EvidenceList } from "@/components/ui/evidence-list";
import { ReasonText } from "@/components/ui/reason-text";
import { ANSWER } from "../threats/labels";

type TAnswer = TThreatModelDetail["answers"][number];

const CHOICES: ChecklistAnswerValue[] = ["YES", "NO", "UNSURE", "NOT_APPLICABLE"];

/** One step per category; every answer is saved the moment it is given. */
export function ChecklistWizard({ model, editable }: { model: TThreatModelDetail; editable: boolean }) {
  const answers = useMemo(() => new Map(model.answers.map((answer) => [answer.entryKey, answer])), [model.answers]);
  const steps = model.categories.map((category) => ({
    ...category,
    entries: model.entries.filter((entry) => entry.category === category.key),
  }));
  // Resuming starts at the first step with something left to answer.
  const [step, setStep] = useState(() => Math.max(0, steps.findIndex((s) => s.entries.some((entry) => !answers.get(entry.key)?.answeredBy))));
  const current = steps[step];
  if (!current) return <p className="p-5 text-sm text-slate-600">This checklist has no entries.</p>;

  return (
    <div className="grid gap-0 lg:grid-cols-[16rem_1fr]">
      <nav aria-label="Checklist steps" className="border-b border-slate-200 p-3 lg:border-b-0 lg:border-r">
        <ol className="space-y-1">
          {steps.map((item, index) => {
            const done = item.entries.filter((entry) => answers.get(entry.key)?.answeredBy).length;
            const complete = done === item.entries.length;
            return (
              <li key={item.key}>
                <button
                  type="button"
                  onClick={() => setStep(index)}
                  aria-current={index === step ? "step" : undefined}
                  className={cn("flex w-full items-center justify-between gap-2 rounded-md px-2.5 py-1.5 text-left text-sm", index === step ? "bg-brand-50 font-medium text-brand-900" : "text-slate-700 hover:bg-slate-100")}
                >
                  <span className="flex items-center gap-2">
                    <span aria-hidden className={cn("inline-flex size-5 items-center justify-center rounded-full text-[11px]", complete ? "bg-emerald-600 text-white" : "bg-slate-200 text-slate-700")}>
                      {complete ? "✓" : index + 1}
                    </span>
                    {item.title}
                  </span>
                  <span className="text-xs tabular-nums text-slate-600">
                    {done}/{item.entries.length}
                    <span className="sr-only"> confirmed</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>

      <section aria-labelledby="step-heading" className="min-w-0 p-5">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">
          Step {step + 1} of {steps.length}
        </p>
        <h2 id="step-heading" className="mt-1 text-lg font-semibold text-slate-900">
          {current.title}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{current.description}</p>
        <div className="mt-5 space-y-5">
          {current.entries.map((entry) => (
            <EntryCard key={entry.key} modelId={model.id} entry={entry} answer={answers.get(entry.key)} editable={editable} />
          ))}
        </div>
        <div className="mt-6 flex justify-between">
          <Button variant="secondary" disabled={step === 0} onClick={() => setStep(step - 1)}>
            Previous step
          </Button>
          {step < steps.length - 1 ? <Button onClick={() => setStep(step + 1)}>Next step</Button> : <span className="text-sm text-slate-600">Last step</span>}
        </div>
      </section>
    </div>
  );
}

function EntryCard({ modelId, entry, answer, editable }: { modelId: string; entry: TChecklistEntry; answer?: TAnswer; editable: boolean }) {
  const org = useOrg();
  const save = useSaveAnswer(org.slug, modelId);
  const [note, setNote] = useState(answer?.note ?? "");
  const value = answer?.answer;
  const confirmed = Boolean(answer?.answeredBy);
  const id = `entry-${entry.key}`;

  const persist = (next: ChecklistAnswerValue, nextNote = note) => save.mutate({ entryKey: entry.key, answer: next, note: nextNote });

  return (
    <fieldset className={cn("rounded-lg p-4 ring-1", confirmed ? "ring-slate-200" : "ring-brand-100 bg-brand-50/30")} aria-describedby={`${id}-meta`} disabled={!editable}>
      <legend className="sr-only">{entry.question}</legend>
      <p aria-hidden className="text-base font-medium text-slate-900">
        {entry.question}
      </p>
      <div id={`${id}-meta`} className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs">
        <span className="text-slate-700">{entry.title}</span>
        {entry.owaspApi.map((owasp) => (
          <Badge key={owasp} tone="brand">
            OWASP {owasp}
          </Badge>
        ))}
        <Badge>STRIDE {entry.stride.join("")}</Badge>
        {entry.cwe.slice(0, 3).map((cwe) => (
          <Badge key={cwe}>{cwe}</Badge>
        ))}
        {!entry.builtIn && <Badge tone="info">Your organisation&apos;s entry</Badge>}
      </div>

      {answer?.ruleAnswer && <PreAnswer answer={answer} ruleAnswer={answer.ruleAnswer} confirmed={confirmed} />}

      <details className="mt-3 text-sm text-slate-700">
        <summary className="cursor-pointer font-medium text-slate-800">Why it matters and how to tell</summary>
        <p className="mt-2 whitespace-pre-line">{entry.whyItMatters}</p>
        <p className="mt-2 whitespace-pre-line">
          <span className="font-medium text-slate-800">How to tell: </span>
          {entry.howToTell}
        </p>
        {entry.references.length > 0 && (
          <ul className="mt-2 list-disc pl-5">
            {entry.references.map((reference) => (
              <li key={reference.url}>
                <a href={reference.url} target="_blank" rel="noopener noreferrer" className="text-brand-700 hover:underline">
                  {reference.label}
                </a>
              </li>
            ))}
          </ul>
        )}
      </details>

      <div role="radiogroup" aria-label={`Answer: ${entry.question}`} className="mt-4 flex flex-wrap gap-2">
        {CHOICES.map((choice) => (
          <label
            key={choice}
            className={cn(
              "inline-flex cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm ring-1 ring-inset has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600",
              value === choice && confirmed ? "bg-brand-600 text-white ring-brand-600" : value === choice ? "bg-brand-50 text-brand-900 ring-brand-500" : "bg-white text-slate-800 ring-slate-300",
              !editable && "cursor-not-allowed opacity-70",
            )}
          >
            {/* onClick, not onChange: choosing the answer a rule already picked is how a person confirms it. */}
            <input type="radio" className="sr-only" name={`answer-${entry.key}`} value={choice} checked={value === choice} onChange={() => undefined} onClick={() => persist(choice)} />
            {ANSWER[choice].label}
          </label>
        ))}
        <span className="ml-auto self-center text-xs text-slate-600" aria-live="polite">
          {save.isPending ? "Saving…" : save.isSuccess ? "Saved" : ""}
        </span>
      </div>
      {save.isError && (
        <Alert tone="error" className="mt-3">
          {save.error.message}
        </Alert>
      )}
      <label htmlFor={`${id}-note`} className="mt-3 block text-xs font-medium text-slate-700">
        Note {value ? "" : "(answer first)"}
      </label>
      <Textarea
        id={`${id}-note`}
        rows={2}
        className="mt-1"
        value={note}
        disabled={!editable || !value}
        placeholder="Evidence, context, who to ask…"
        onChange={(event) => setNote(event.target.value)}
        onBlur={() => {
          if (value && note !== (answer?.note ?? "")) persist(value, note);
        }}
      />
    </fieldset>
  );
}

/**
 * What the rules answered and on what evidence: the summary, then per operation the fields,
 * parameters or responses that triggered it, so a person can check each against the spec.
 */
function PreAnswer({ answer, ruleAnswer, confirmed }: { answer: TAnswer; ruleAnswer: ChecklistAnswerValue; confirmed: boolean }) {
  const evidence = answer.ruleEvidence;
  const operations = evidence?.operations ?? [];
  const count = operations.length;
  return (
    <div className="mt-3 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-950 ring-1 ring-sky-200">
      <p>
        <strong>Pre-answered {ANSWER[ruleAnswer].label.toLowerCase()}:</strong> <ReasonText text={answer.ruleReason ?? ""} />.{" "}
        {confirmed ? (answer.answer === ruleAnswer ? "Confirmed." : `Changed to ${ANSWER[answer.answer].label.toLowerCase()}.`) : "Confirm or change it."}
      </p>
      {evidence && (count > 0 || evidence.apiReasons.length > 0) && (
        <details className="mt-2" open={count > 0 && count <= 3}>
          <summary className="cursor-pointer font-medium">
            Evidence: {count > 0 ? `${count} operation${count === 1 ? "" : "s"}` : "the whole API"}
          </summary>
          <div className="mt-2">
            <EvidenceList label="Evidence from the spec" operations={operations} apiReasons={evidence.apiReasons} />
          </div>
        </details>
      )}
    </div>
  );
}
