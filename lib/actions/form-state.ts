import type { z } from "zod";

/** What a form action returns to its form: a message, errors per field, and the values to keep. */
export type FormState<T = undefined> = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
  data?: T;
};

/** The submitted text fields of a form, to give back so inputs keep what was typed (secrets omitted). */
export function formValues(formData: FormData, omit: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$ACTION") && !omit.includes(key)) values[key] = value.slice(0, 4096);
  }
  return values;
}

/** A failed parse as a FormState: messages per field, values kept. */
export function invalid(error: z.ZodError, values: Record<string, string>): FormState<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, message: "Check the highlighted fields.", fieldErrors, values };
}
