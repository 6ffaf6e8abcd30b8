import type { FormEvent, ReactNode } from 'react';
import { DECISION_LABELS, DECISIONS, LEVELS, PROFESSION_LABELS, PROFESSIONS } from '../../core/people.ts';
import {
  FormErrorSummary,
  type FormProblem,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from '../auth/forms.tsx';
import { levelLabel } from '../people/labels.ts';
import { type PersonaDraft, personaDraftProblems } from './personas.ts';

/** The API's field names → [input id, label], so the API's field errors show against their inputs. */
export const PERSONA_FIELDS: Record<string, [string, string]> = {
  code: ['persona-name', 'Code'],
  name: ['persona-name', 'Name'],
  level: ['persona-level', 'Level'],
  summary: ['persona-summary', 'Summary'],
  decisions: ['persona-decisions-0', 'Decisions'],
  looks_for: ['persona-looks-for', 'What it looks for'],
  professions: ['persona-professions-0', 'Professions'],
};

/** The form's own checks, as problems against its inputs. */
export function personaFormProblems(draft: PersonaDraft): FormProblem[] {
  return personaDraftProblems(draft).map((p) => ({
    id: PERSONA_FIELDS[p.field]?.[0] ?? null,
    message: p.message,
  }));
}

/** An NHS.UK group of checkboxes in a fieldset: its legend, hint and error, one box per option. */
function Checkboxes({
  id,
  legend,
  hint,
  error,
  options,
  chosen,
  onChange,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: readonly { value: string; text: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const toggle = (value: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(value);
    else next.delete(value);
    // Keep the vocabulary's order, whatever order the boxes were ticked in.
    onChange(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
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
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {options.map((o, i) => (
            <div className="nhsuk-checkboxes__item" key={o.value}>
              <input
                className="nhsuk-checkboxes__input"
                id={`${id}-${i}`}
                name={id}
                type="checkbox"
                value={o.value}
                checked={chosen.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${id}-${i}`}>
                {o.text}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

const LEVEL_OPTIONS = [
  { value: '', text: 'Choose a level' },
  ...LEVELS.map((l) => ({ value: l, text: levelLabel(l) })),
];
const DECISION_OPTIONS = DECISIONS.map((d) => ({ value: d, text: DECISION_LABELS[d] }));
const PROFESSION_OPTIONS = PROFESSIONS.map((p) => ({ value: p, text: PROFESSION_LABELS[p] }));

/** The fields of a workspace persona (add or change), with the form's error summary at its top. */
export function PersonaForm({
  draft,
  onChange,
  problems,
  errorFor,
  busy,
  submitText,
  onSubmit,
  children,
}: {
  draft: PersonaDraft;
  onChange: (draft: PersonaDraft) => void;
  problems: readonly FormProblem[];
  errorFor: (id: string) => string | undefined;
  busy: boolean;
  submitText: string;
  onSubmit: () => void;
  /** more buttons beside the submit button (Cancel) */
  children?: ReactNode;
}) {
  const set =
    <K extends keyof PersonaDraft>(key: K) =>
    (value: PersonaDraft[K]) =>
      onChange({ ...draft, [key]: value });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormErrorSummary problems={problems} />
      <TextField
        id="persona-name"
        label="Name"
        hint="For example, Community diabetes specialist nurse lead"
        autoComplete="off"
        maxLength={160}
        value={draft.name}
        onChange={set('name')}
        error={errorFor('persona-name')}
      />
      <SelectField
        id="persona-level"
        label="Level"
        hint="The level of the system it works at"
        options={LEVEL_OPTIONS}
        value={draft.level}
        onChange={set('level')}
        error={errorFor('persona-level')}
      />
      <TextareaField
        id="persona-summary"
        label="Summary"
        hint="Who they are and what they do, in a few sentences"
        rows={4}
        maxLength={4000}
        value={draft.summary}
        onChange={set('summary')}
        error={errorFor('persona-summary')}
      />
      <Checkboxes
        id="persona-decisions"
        legend="Decisions it influences"
        hint="Select all that apply"
        options={DECISION_OPTIONS}
        chosen={draft.decisions}
        onChange={set('decisions')}
        error={errorFor('persona-decisions-0')}
      />
      <TextareaField
        id="persona-looks-for"
        label="What it looks for in a proposal"
        hint="One point a line, up to 30"
        rows={5}
        value={draft.lookingFor}
        onChange={set('lookingFor')}
        error={errorFor('persona-looks-for')}
      />
      <Checkboxes
        id="persona-professions"
        legend="Professions that usually hold it"
        hint="Select all that apply"
        options={PROFESSION_OPTIONS}
        chosen={draft.professions}
        onChange={set('professions')}
        error={errorFor('persona-professions-0')}
      />
      <div className="nhsuk-button-group">
        <SubmitButton busy={busy}>{submitText}</SubmitButton>
        {children}
      </div>
    </form>
  );
}
