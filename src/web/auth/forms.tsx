import { type InputHTMLAttributes, type MouseEvent, type ReactNode, useEffect, useRef } from 'react';
import { ApiError } from '../lib/api.ts';

/** One problem with a form: the field it is about (its input's id) and what to do. */
export interface FormProblem {
  /** The id of the input to move to, or null for a problem with the whole form. */
  id: string | null;
  message: string;
}

/** `message` as a sentence about the field called `label`: "Password must be at least 12 characters". */
function sentence(label: string, message: string): string {
  const m = message.trim();
  const joined = /^(is|are|must|should|has|have|cannot|can't|does|do|expected|too|invite)\b/.test(m)
    ? `${label} ${m}`
    : `${label}: ${m}`;
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/**
 * The problems an API error gives for a form: each field error against its input (by `fields`, the
 * API field name → [input id, label]) and anything else as a problem with the whole form.
 */
export function problemsFrom(error: unknown, fields: Record<string, [string, string]>): FormProblem[] {
  if (!(error instanceof ApiError)) return [{ id: null, message: String(error) }];
  const problems: FormProblem[] = [];
  for (const e of error.fieldErrors) {
    const known = fields[e.field];
    problems.push(
      known ? { id: known[0], message: sentence(known[1], e.message) } : { id: null, message: e.message },
    );
  }
  if (problems.length === 0 && error.needsSignIn && /^sign in first/i.test(error.detail)) {
    problems.push({ id: null, message: 'Your session has ended. Sign in again to carry on.' });
  }
  if (problems.length === 0) {
    const detail = error.detail || error.title;
    problems.push({ id: null, message: detail.charAt(0).toUpperCase() + detail.slice(1) });
  }
  return problems;
}

/** The message for the input `id`, if any. */
export function problemFor(problems: readonly FormProblem[], id: string): string | undefined {
  return problems.find((p) => p.id === id)?.message;
}

/**
 * The NHS.UK error summary for a form: takes focus when shown (so it is announced), and each problem
 * links to its field.
 */
export function FormErrorSummary({ problems }: { problems: readonly FormProblem[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [problems]);
  if (problems.length === 0) return null;
  const moveTo = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    event.preventDefault();
    const field = document.getElementById(id);
    field?.focus();
    field?.scrollIntoView({ block: 'center' });
  };
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {problems.map((p) => (
              <li key={`${p.id ?? ''}:${p.message}`}>
                {p.id ? (
                  <a href={`#${p.id}`} onClick={(e) => moveTo(e, p.id!)}>
                    {p.message}
                  </a>
                ) : (
                  p.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value' | 'className'>;

/** An NHS.UK text input with its label, hint and error message. */
export function TextField({
  id,
  label,
  labelSize = 's',
  hint,
  error,
  value,
  onChange,
  width,
  code = false,
  ...rest
}: InputProps & {
  id: string;
  label: ReactNode;
  labelSize?: 's' | 'm' | 'l' | null;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  code?: boolean;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const classes = ['nhsuk-input'];
  if (width) classes.push(`nhsuk-input--width-${width}`);
  if (code) classes.push('nhsuk-input--code');
  if (error) classes.push('nhsuk-input--error');
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className={labelSize ? `nhsuk-label nhsuk-label--${labelSize}` : 'nhsuk-label'} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        className={classes.join(' ')}
        id={id}
        name={rest.name ?? id}
        value={value}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
        {...rest}
      />
    </div>
  );
}

/** An NHS.UK select with its label, hint and error message. */
export function SelectField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; text: string }[];
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <select
        className={error ? 'nhsuk-select nhsuk-select--error' : 'nhsuk-select'}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The error title prefix NHS.UK uses while a form shows problems. */
export function titleWithErrors(title: string, problems: readonly FormProblem[]): string {
  return problems.length > 0 ? `Error: ${title}` : title;
}
