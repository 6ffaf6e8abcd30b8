import { useState } from 'react';
import { type FormProblem, problemFor, problemsFrom } from './forms.tsx';

/** A form's problems and whether it is waiting for the API, with the ways to change them. */
export interface FormSubmit {
  /** What the error summary and the fields show: the form's own checks', or the API's. */
  problems: FormProblem[];
  /** True while the API has the form: its submit button is then unavailable. */
  busy: boolean;
  /** The message for the input `id`, if any. */
  errorFor: (id: string) => string | undefined;
  setProblems: (problems: FormProblem[]) => void;
  /** Shows the problems an API error gives, each against its field. */
  fail: (error: unknown) => void;
  /**
   * Shows `found` (the form's own checks); when there are none, runs `action` while busy. If it fails,
   * shows the error's problems, or what `onError` makes of them.
   */
  submit: (
    found: FormProblem[],
    action: () => Promise<void>,
    onError?: (error: unknown, problems: FormProblem[]) => FormProblem[],
  ) => Promise<void>;
}

/**
 * The state of a form that sends to the API. `fields` maps the API's field names to [input id, label],
 * so that the API's field errors show against their inputs.
 */
export function useFormSubmit(fields: Record<string, [string, string]> = {}): FormSubmit {
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const submit: FormSubmit['submit'] = async (found, action, onError) => {
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await action();
    } catch (error) {
      const fromApi = problemsFrom(error, fields);
      setProblems(onError ? onError(error, fromApi) : fromApi);
    } finally {
      setBusy(false);
    }
  };
  return {
    problems,
    busy,
    errorFor: (id) => problemFor(problems, id),
    setProblems,
    fail: (error) => setProblems(problemsFrom(error, fields)),
    submit,
  };
}
