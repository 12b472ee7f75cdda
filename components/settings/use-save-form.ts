"use client";

import { useState } from "react";
import type { ZodType } from "zod";
import { useFieldErrors } from "@/components/auth/use-field-errors";

/** A settings form: validate with the shared schema, save, then say "saved" or show the errors. */
export function useSaveForm<T>(schema: ZodType<T>, save: (input: T) => Promise<unknown>) {
  const { errors, formError, validate, fromError } = useFieldErrors();
  const [saved, setSaved] = useState(false);
  const submit = (values: unknown) => async (event: React.FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const input = validate(schema, values);
    if (!input) return;
    try {
      await save(input);
      setSaved(true);
    } catch (error) {
      fromError(error);
    }
  };
  return { errors, formError, saved, submit };
}
