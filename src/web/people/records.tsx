import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Persona } from '../../shared/people-schemas.ts';
import { FormErrorSummary, type FormProblem } from '../auth/forms.tsx';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { Tag } from '../components/Tag.tsx';
import { apiUrl, send } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { useApi } from '../lib/useApi.ts';
import type { Option } from './labels.ts';

/** What a section of the person page is doing: nothing, adding, or acting on one of its records. */
export type Mode =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'edit'; id: number }
  | { kind: 'end'; id: number }
  | { kind: 'delete'; id: number };

/**
 * The state of a section of the person page (posts, memberships, relationships): what it is doing,
 * the message of its last change, the record acted on (from `rows`), and what its forms call when done
 * (`done`: back to nothing, say what changed, reload the person) or cancelled.
 */
export function useSection<T extends { id: number }>(rows: readonly T[], onChanged: () => void) {
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [message, setMessage] = useState('');
  const chosen = mode.kind !== 'none' && mode.kind !== 'add' ? rows.find((r) => r.id === mode.id) : undefined;
  return {
    mode,
    setMode,
    message,
    chosen,
    done: (m: string) => {
      setMode({ kind: 'none' });
      setMessage(m);
      onChanged();
    },
    cancel: () => setMode({ kind: 'none' }),
    /** opens the section's form for a new record, clearing the last message */
    startAdd: () => {
      setMessage('');
      setMode({ kind: 'add' });
    },
  };
}

/** A section's "Add …" button. */
export function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onClick}>
      {children}
    </button>
  );
}

/** "Not verified recently" when a record is stale; nothing otherwise. */
export function StaleTag({ stale }: { stale: boolean }) {
  return stale ? <Tag colour="orange">Stale</Tag> : null;
}

/** When a record was last verified, with a stale tag when it is overdue. */
export function Verified({ on, stale }: { on: string | null; stale: boolean }) {
  return (
    <>
      {on ? formatDate(on) : 'Never'}
      {stale && (
        <>
          {' '}
          <StaleTag stale />
        </>
      )}
    </>
  );
}

/** Whether a dated record is current, ended or yet to start on `day`. */
export function PeriodTag({
  p,
  day,
}: {
  p: { valid_from: string | null; valid_to: string | null };
  day: string;
}) {
  if (p.valid_to !== null && p.valid_to < day) return <Tag colour="grey">Ended</Tag>;
  if (p.valid_from !== null && p.valid_from > day) return <Tag colour="blue">Not started</Tag>;
  return <Tag colour="green">Current</Tag>;
}

/** Newest first: by start date (undated last), then the most recently made. */
export function newestFirst<T extends { id: number; valid_from: string | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    if (a.valid_from !== b.valid_from) {
      if (a.valid_from === null) return 1;
      if (b.valid_from === null) return -1;
      return a.valid_from < b.valid_from ? 1 : -1;
    }
    return b.id - a.id;
  });
}

/**
 * A bordered panel for a form about one record (or a new one): its heading takes focus when it opens,
 * and its error summary sits at its top.
 */
export function Panel({
  heading,
  problems,
  warning = false,
  children,
}: {
  heading: string;
  problems: readonly FormProblem[];
  warning?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className={warning ? 'app-panel app-panel--warning' : 'app-panel'}>
      <FormErrorSummary problems={problems} />
      <h3 className="nhsuk-heading-s" tabIndex={-1} ref={ref}>
        {heading}
      </h3>
      {children}
    </div>
  );
}

/** A small secondary button whose accessible name says which record it acts on. */
export function RowButton({
  children,
  about,
  onClick,
  warning = false,
}: {
  children: ReactNode;
  about: string;
  onClick: () => void;
  warning?: boolean;
}) {
  return (
    <button
      type="button"
      className={`nhsuk-button nhsuk-button--small ${warning ? 'nhsuk-button--warning' : 'nhsuk-button--secondary'}`}
      onClick={onClick}
    >
      {children}
      <span className="nhsuk-u-visually-hidden"> {about}</span>
    </button>
  );
}

/** A polite message after a change, such as "The post is added." */
export function Done({ message }: { message: string }) {
  if (!message) return null;
  return (
    <p className="nhsuk-body" role="status">
      {message}
    </p>
  );
}

/** The workspace's personas (national and its own) as select options, with a first "None" option. */
export function usePersonaOptions(): Option[] {
  const state = useApi<{ items: Persona[] } | Persona[]>(apiUrl('/personas'));
  const personas = state.status === 'ok' ? (Array.isArray(state.data) ? state.data : state.data.items) : [];
  return [{ value: '', text: 'None' }, ...personas.map((p) => ({ value: p.code, text: p.name }))];
}

/** Asks before deleting a record (`path` under the API), saying what deleting means in `detail`. */
export function ConfirmDelete({
  what,
  detail,
  path,
  onDone,
  onCancel,
}: {
  what: string;
  detail: string;
  path: string;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const form = useFormSubmit();
  const remove = () =>
    void form.submit([], async () => {
      await send('DELETE', path);
      onDone(`Deleted ${what}.`);
    });
  return (
    <Panel heading={`Delete ${what}?`} problems={form.problems} warning>
      <p>{detail}</p>
      <div className="app-actions">
        <button
          className="nhsuk-button nhsuk-button--warning"
          type="button"
          onClick={remove}
          disabled={form.busy}
          aria-disabled={form.busy}
        >
          Yes, delete it
        </button>
        <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Panel>
  );
}
