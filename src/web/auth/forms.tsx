import {
  type ChangeEvent,
  type InputHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  type TextareaHTMLAttributes,
  useEffect,
  useRef,
} from 'react';
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

type LabelSize = 's' | 'm' | 'l' | null;

/** What every field takes: its id, label, hint, error message and value. */
export interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
}

/** What a field's control takes from its group: its id, name, value, description and change handler. */
interface ControlProps {
  id: string;
  name: string;
  value: string;
  'aria-describedby': string | undefined;
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => void;
}

/** An NHS.UK form group: the label, hint and error message around the control that `children` draws. */
function FieldGroup({
  id,
  label,
  labelSize = 's',
  hint,
  error,
  value,
  onChange,
  children,
}: FieldProps & { labelSize?: LabelSize; children: (control: ControlProps) => ReactNode }) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
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
      {children({
        id,
        name: id,
        value,
        'aria-describedby': describedBy || undefined,
        onChange: (e) => onChange(e.target.value),
      })}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value' | 'className'>;

/** An NHS.UK text input with its label, hint and error message. */
export function TextField({
  id,
  label,
  labelSize,
  hint,
  error,
  value,
  onChange,
  width,
  code = false,
  ...rest
}: InputProps &
  FieldProps & {
    labelSize?: LabelSize;
    width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
    code?: boolean;
  }) {
  const classes = ['nhsuk-input'];
  if (width) classes.push(`nhsuk-input--width-${width}`);
  if (code) classes.push('nhsuk-input--code');
  if (error) classes.push('nhsuk-input--error');
  return (
    <FieldGroup {...{ id, label, labelSize, hint, error, value, onChange }}>
      {(control) => <input className={classes.join(' ')} {...control} {...rest} />}
    </FieldGroup>
  );
}

type TextareaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'id' | 'onChange' | 'value' | 'className'
>;

/** An NHS.UK textarea with its label, hint and error message. */
export function TextareaField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  ...rest
}: TextareaProps & FieldProps) {
  return (
    <FieldGroup {...{ id, label, hint, error, value, onChange }}>
      {(control) => (
        <textarea
          className={error ? 'nhsuk-textarea nhsuk-textarea--error' : 'nhsuk-textarea'}
          {...control}
          {...rest}
        />
      )}
    </FieldGroup>
  );
}

/** An NHS.UK select with its label, hint and error message. */
export function SelectField({
  options,
  ...field
}: FieldProps & { options: readonly { value: string; text: string }[] }) {
  return (
    <FieldGroup {...field}>
      {(control) => (
        <select className={field.error ? 'nhsuk-select nhsuk-select--error' : 'nhsuk-select'} {...control}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      )}
    </FieldGroup>
  );
}

/** A form's submit button, unavailable while the form is busy. */
export function SubmitButton({
  busy,
  className = 'nhsuk-button',
  children,
}: {
  busy: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button className={className} type="submit" disabled={busy} aria-disabled={busy}>
      {children}
    </button>
  );
}

/** The two-thirds column of a single-form page, with the form's error summary (if given) at its top. */
export function FormColumn({
  problems,
  children,
}: {
  problems?: readonly FormProblem[];
  children: ReactNode;
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {problems && <FormErrorSummary problems={problems} />}
        {children}
      </div>
    </div>
  );
}

/** The error title prefix NHS.UK uses while a form shows problems. */
export function titleWithErrors(title: string, problems: readonly FormProblem[]): string {
  return problems.length > 0 ? `Error: ${title}` : title;
}
