"use client";

import { useEffect, useState } from "react";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { cn } from "@/components/ui/cn";

// Strength feedback while a new password is typed (zxcvbn: dictionaries, keyboard patterns,
// dates, repeats). Advice only: the server decides, with its length rule and blocklist. The
// dictionaries are large, so they load the first time someone types a password.

let checker: Promise<ZxcvbnFactory> | undefined;

function loadChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({ translations: en.translations, graphs: common.adjacencyGraphs, dictionary: { ...common.dictionary, ...en.dictionary } }),
  );
  return checker;
}

const LABELS = ["Very weak", "Weak", "Fair", "Good", "Strong"] as const;
const COLOURS = ["bg-red-600", "bg-red-600", "bg-amber-500", "bg-emerald-600", "bg-emerald-700"] as const;

type TAssessment = { password: string; score: number; advice: string | null };

export function PasswordStrength({ id, password, userInputs = [] }: { id: string; password: string; userInputs?: string[] }) {
  const [assessment, setAssessment] = useState<TAssessment | null>(null);
  const inputs = userInputs.filter(Boolean).join("\n");

  useEffect(() => {
    if (!password) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void loadChecker()
        .then((zxcvbn) => zxcvbn.checkAsync(password, inputs ? inputs.split("\n") : []))
        .then((result) => {
          if (cancelled) return;
          const advice = result.feedback.warning ?? result.feedback.suggestions[0] ?? null;
          setAssessment({ password, score: result.score, advice });
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [password, inputs]);

  if (!password) return null;
  const missing = Math.max(0, 12 - password.length);
  const current = assessment?.password === password ? assessment : null;
  // Under 12 characters the server refuses it whatever the score.
  const score = missing > 0 ? Math.min(current?.score ?? 0, 1) : (current?.score ?? null);
  return (
    <div id={id} className="space-y-1" aria-live="polite">
      <div className="flex gap-1" aria-hidden>
        {[0, 1, 2, 3].map((segment) => (
          <span key={segment} className={cn("h-1.5 flex-1 rounded-full", score !== null && score > segment ? COLOURS[score] : "bg-slate-200")} />
        ))}
      </div>
      <p className="text-xs text-slate-700">
        {score === null ? "Checking strength…" : `Strength: ${LABELS[score]}.`}
        {missing > 0 && ` ${missing} more character${missing === 1 ? "" : "s"} needed.`}
        {current?.advice && ` ${current.advice}`}
      </p>
    </div>
  );
}
