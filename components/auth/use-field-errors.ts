"use client";

import { useState } from "react";
import type { ZodType } from "zod";
import { ApiError } from "@/lib/query/fetcher";

/**
 * Field errors for a form: from the shared zod schema before sending, and from the server's
 * problem+json after. `validate` returns the parsed value or null when something is wrong.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function validate<T>(schema: ZodType<T>, value: unknown): T | null {
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      setErrors({});
      setFormError(null);
      return parsed.data;
    }
    const next: Record<string, string> = {};
    for (const issue of parsed.error.issues) next[issue.path.map(String).join(".") || "form"] ??= issue.message;
    setErrors(next);
    setFormError("Some fields need attention.");
    return null;
  }

  function fromError(error: unknown) {
    if (error instanceof ApiError) {
      setErrors(error.fieldErrors());
      setFormError(error.message);
    } else {
      setFormError("Something went wrong. Try again.");
    }
  }

  /** Validates, then runs the mutation; what the server rejects lands on the fields and the form. */
  function submitWith<TInput, TResult>(
    schema: ZodType<TInput>,
    value: unknown,
    mutate: (input: TInput, options: { onSuccess: (result: TResult, input: TInput) => void; onError: (error: Error) => void }) => void,
    onSuccess: (result: TResult, input: TInput) => void,
  ) {
    const input = validate(schema, value);
    if (input) mutate(input, { onSuccess, onError: fromError });
  }

  return { errors, formError, setFormError, validate, fromError, submitWith, clear: () => (setErrors({}), setFormError(null)) };
}
