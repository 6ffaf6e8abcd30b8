import type { ReactNode } from 'react';
import type { FormProblem } from '../auth/forms.tsx';
import { SubmitButton, TextField } from '../auth/forms.tsx';
import { ApiError } from '../lib/api.ts';
import { isIsoDate } from '../lib/format.ts';
import type { Option } from './labels.ts';

/** A labelled date input (YYYY-MM-DD) with its hint and error. */
export function DateField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <TextField
      id={id}
      label={label}
      hint={hint}
      error={error}
      value={value}
      onChange={onChange}
      type="date"
      width={10}
      min="1990-01-01"
      max="2099-12-31"
    />
  );
}

/** One NHS.UK checkbox with its label (and hint), in a group of its own. */
export function Checkbox({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="nhsuk-form-group">
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            aria-describedby={hint ? `${id}-hint` : undefined}
            onChange={(e) => onChange(e.target.checked)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint && (
            <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
              {hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** A fieldset of checkboxes, one per option; `value` holds the chosen options' values. */
export function CheckboxesField({
  id,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
}: {
  id: string;
  legend: string;
  hint?: ReactNode;
  error?: string;
  options: readonly Option[];
  value: readonly string[];
  onChange: (v: string[]) => void;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error && (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {options.map((o, i) => {
            const inputId = i === 0 ? id : `${id}-${o.value}`;
            return (
              <div className="nhsuk-checkboxes__item" key={o.value}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={inputId}
                  name={id}
                  type="checkbox"
                  value={o.value}
                  checked={value.includes(o.value)}
                  onChange={(e) =>
                    onChange(
                      e.target.checked
                        ? options.map((x) => x.value).filter((v) => v === o.value || value.includes(v))
                        : value.filter((v) => v !== o.value),
                    )
                  }
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={inputId}>
                  {o.text}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** The problems with optional dates: each one set must be a real date, and the end not before the start. */
export function dateProblems(
  dates: { id: string; label: string; value: string }[],
  period?: { from: string; to: string; toId: string },
): FormProblem[] {
  const found: FormProblem[] = [];
  for (const d of dates) {
    if (d.value && !isIsoDate(d.value))
      found.push({ id: d.id, message: `${d.label} must be a real date, for example 1 April 2026` });
  }
  if (period && found.length === 0 && period.from && period.to && period.to < period.from) {
    found.push({ id: period.toId, message: 'The end date must be the same as or after the start date' });
  }
  return found;
}

/**
 * True for the API's answer to a stale version: someone else changed the record first. (A 409 about a
 * field, such as a post that overlaps another, is a problem with the form instead.)
 */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.fieldErrors.length === 0;
}

/**
 * The problems to show for a failed change: on a stale version (409) one plain sentence saying the
 * record was changed by someone else and to reload; otherwise the API's own problems.
 */
export function conflictOr(what: string) {
  return (error: unknown, fromApi: FormProblem[]): FormProblem[] =>
    isConflict(error)
      ? [
          {
            id: null,
            message: `This ${what} was changed by someone else since you opened it: reload to see their changes, then make yours again.`,
          },
        ]
      : fromApi;
}

/** The four fields every dated, verifiable record has (posts, memberships, relationships). */
export interface DatedValues {
  valid_from: string;
  valid_to: string;
  source: string;
  last_verified_on: string;
}

/**
 * Start, end, source and last verified, with ids `<prefix>-valid-from` and so on (the ids the
 * forms' error summaries and the browser journeys use). Hints and labels of the dates may differ.
 */
export function DatedFields({
  prefix,
  values,
  set,
  errorFor,
  fromLabel = 'Start date (optional)',
  fromHint,
  toHint,
}: {
  prefix: string;
  values: DatedValues;
  set: (k: keyof DatedValues, v: string) => void;
  errorFor: (id: string) => string | undefined;
  fromLabel?: string;
  fromHint?: string;
  toHint?: string;
}) {
  return (
    <>
      <DateField
        id={`${prefix}-valid-from`}
        label={fromLabel}
        hint={fromHint}
        value={values.valid_from}
        onChange={(x) => set('valid_from', x)}
        error={errorFor(`${prefix}-valid-from`)}
      />
      <DateField
        id={`${prefix}-valid-to`}
        label="End date (optional)"
        hint={toHint}
        value={values.valid_to}
        onChange={(x) => set('valid_to', x)}
        error={errorFor(`${prefix}-valid-to`)}
      />
      <TextField
        id={`${prefix}-source`}
        label="Source (optional)"
        width={30}
        value={values.source}
        onChange={(x) => set('source', x)}
        error={errorFor(`${prefix}-source`)}
      />
      <DateField
        id={`${prefix}-last-verified-on`}
        label="Last verified (optional)"
        value={values.last_verified_on}
        onChange={(x) => set('last_verified_on', x)}
        error={errorFor(`${prefix}-last-verified-on`)}
      />
    </>
  );
}

/** A form's buttons: save (busy while sending) and cancel. */
export function FormActions({
  busy,
  label,
  onCancel,
}: {
  busy: boolean;
  label: string;
  onCancel: () => void;
}) {
  return (
    <div className="app-actions">
      <SubmitButton busy={busy}>{label}</SubmitButton>
      <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
