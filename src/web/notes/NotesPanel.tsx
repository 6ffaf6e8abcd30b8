import { type FormEvent, useId, useState } from 'react';
import type { z } from 'zod';
import type { Note } from '../../shared/account-schemas.ts';
import {
  type FieldProps,
  FormErrorSummary,
  type FormProblem,
  SubmitButton,
  TextareaField,
} from '../auth/forms.tsx';
import { hasRole, useMe } from '../auth/session.ts';
import { formatDateTime } from '../auth/time.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { DownloadCsvButton } from '../components/DownloadCsvButton.tsx';
import { Loading } from '../components/Loading.tsx';
import { ApiError, apiUrl, send } from '../lib/api.ts';
import { downloadCsv } from '../lib/download.ts';

type NoteRow = z.infer<typeof Note>;
export type NoteTarget = 'organisation' | 'network';

/** A note's text as paragraphs (blank lines) and lines, without any markup from the text itself. */
function NoteBody({ body }: { body: string }) {
  const paragraphs = body.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <div className="app-note__body">
      {paragraphs.map((p, i) => {
        const lines = p.split('\n');
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity but their place
          <p key={i}>
            {lines.map((line, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
              <span key={j}>
                {j > 0 && <br />}
                {line}
              </span>
            ))}
          </p>
        );
      })}
    </div>
  );
}

/** The textarea for a note's text. */
function NoteTextarea(props: FieldProps) {
  return <TextareaField {...props} name="body" rows={4} maxLength={20000} />;
}

type Mode = { kind: 'view' } | { kind: 'edit'; body: string } | { kind: 'delete' };

/** One note, with edit and delete for editors. A stale edit (409) says so and offers to reload. */
function NoteItem({
  note,
  canWrite,
  onChanged,
}: {
  note: NoteRow;
  canWrite: boolean;
  onChanged: (message: string) => void;
}) {
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const id = `note-${note.id}`;
  const bodyId = `${id}-body`;
  const form = useFormSubmit({ body: [bodyId, 'Note'] });
  const { problems, setProblems, busy } = form;
  const [conflict, setConflict] = useState(false);
  const when = note.updated_at !== note.created_at ? `changed ${formatDateTime(note.updated_at)}` : null;

  /** A stale version (409) is a problem of its own, with a way to reload; others are the API's problems. */
  const stale = (error: unknown, fromApi: FormProblem[]): FormProblem[] => {
    if (!(error instanceof ApiError && error.status === 409)) return fromApi;
    setConflict(true);
    return [
      {
        id: null,
        message: 'Someone else changed this note since you opened it: reload it to see their version.',
      },
    ];
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mode.kind !== 'edit') return;
    void form.submit(
      mode.body.trim() ? [] : [{ id: bodyId, message: 'Enter the note, or delete it' }],
      async () => {
        await send('PATCH', `/notes/${note.id}`, { body: mode.body, version: note.version });
        setMode({ kind: 'view' });
        onChanged('The note is saved.');
      },
      stale,
    );
  };

  const remove = () =>
    form.submit(
      [],
      async () => {
        await send('DELETE', `/notes/${note.id}`);
        onChanged('The note is deleted.');
      },
      (error, fromApi) => {
        setMode({ kind: 'view' });
        return stale(error, fromApi);
      },
    );

  return (
    <li className="app-note">
      <FormErrorSummary problems={problems} />
      {conflict && (
        <p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() => {
              setConflict(false);
              setProblems([]);
              setMode({ kind: 'view' });
              onChanged('The notes are reloaded.');
            }}
          >
            Reload the notes
          </button>
        </p>
      )}
      {mode.kind === 'edit' ? (
        <form onSubmit={save} noValidate>
          <NoteTextarea
            id={bodyId}
            label="Change the note"
            value={mode.body}
            onChange={(body) => setMode({ kind: 'edit', body })}
            error={form.errorFor(bodyId)}
          />
          <div className="app-note__actions">
            <SubmitButton busy={busy} className="nhsuk-button nhsuk-button--small">
              Save note
            </SubmitButton>
            <button
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              type="button"
              onClick={() => {
                setProblems([]);
                setMode({ kind: 'view' });
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <NoteBody body={note.body} />
      )}
      <p className="app-note__meta" id={`${id}-meta`}>
        Note by {note.created_by_email ?? 'a former member'}, {formatDateTime(note.created_at)}
        {when && `; ${when}`}
      </p>
      {mode.kind === 'delete' && (
        <div className="nhsuk-warning-callout">
          <h4 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Delete this note?
          </h4>
          <p>It will be gone for everyone in the workspace.</p>
          <div className="app-note__actions">
            <button
              className="nhsuk-button nhsuk-button--warning nhsuk-button--small"
              type="button"
              onClick={() => void remove()}
              disabled={busy}
              aria-disabled={busy}
            >
              Yes, delete the note
            </button>
            <button
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              type="button"
              onClick={() => setMode({ kind: 'view' })}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {canWrite && mode.kind === 'view' && (
        <div className="app-note__actions">
          <button
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            type="button"
            onClick={() => {
              setProblems([]);
              setMode({ kind: 'edit', body: note.body });
            }}
          >
            Edit
            <span className="nhsuk-u-visually-hidden">
              {' '}
              the note by {note.created_by_email ?? 'a former member'}
            </span>
          </button>
          <button
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            type="button"
            onClick={() => setMode({ kind: 'delete' })}
          >
            Delete
            <span className="nhsuk-u-visually-hidden">
              {' '}
              the note by {note.created_by_email ?? 'a former member'}
            </span>
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The current workspace's private notes on an organisation or network: the list for every member,
 * and add, edit and delete for editors and above. Nothing shows to someone without a workspace.
 */
export function NotesPanel({
  targetType,
  code,
  name,
}: {
  targetType: NoteTarget;
  code: string;
  name: string;
}) {
  const me = useMe();
  const headingId = useId();
  const inWorkspace = Boolean(me?.workspace && me.role && me.second_factor.done);
  const state = useResource<{ items: NoteRow[] }>(
    inWorkspace ? apiUrl('/notes', { target_type: targetType, target_code: code }) : null,
  );
  const [body, setBody] = useState('');
  const addId = `${headingId}-add`;
  const form = useFormSubmit({ body: [addId, 'Note'] });
  const [message, setMessage] = useState('');
  if (!me || !inWorkspace) return null;
  const canWrite = hasRole(me, 'editor');

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMessage('');
    void form.submit(body.trim() ? [] : [{ id: addId, message: 'Enter the note' }], async () => {
      await send('POST', '/notes', { target_type: targetType, target_code: code, body });
      setBody('');
      setMessage('The note is added.');
      state.reload();
    });
  };

  const changed = (text: string) => {
    setMessage(text);
    state.reload();
  };

  const notes = state.status === 'ok' ? state.data.items : [];

  return (
    <section className="app-notes" aria-labelledby={headingId} data-testid="notes">
      <h2 id={headingId}>Your workspace’s notes</h2>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          Private to <strong>{me.workspace?.name}</strong>: only its members can see these notes on {name}.
          They are not part of the open data.
        </p>
      </div>
      {message && (
        <p className="nhsuk-body" role="status">
          {message}
        </p>
      )}
      {state.status === 'error' ? (
        <p>The notes could not be loaded: {state.error.detail}</p>
      ) : state.status === 'loading' ? (
        <Loading what="Loading the notes" />
      ) : notes.length === 0 ? (
        <p>There are no notes on {name} yet.</p>
      ) : (
        <>
          <ul className="nhsuk-list" aria-label={`Notes on ${name}`}>
            {notes.map((n) => (
              <NoteItem key={`${n.id}:${n.version}`} note={n} canWrite={canWrite} onChanged={changed} />
            ))}
          </ul>
          <DownloadCsvButton
            what={`the notes on ${name}`}
            onClick={() =>
              downloadCsv(`${code}-notes`.toLowerCase(), notes, [
                { header: 'Note', value: (n) => n.body },
                { header: 'By', value: (n) => n.created_by_email },
                { header: 'Created', value: (n) => n.created_at },
                { header: 'Changed', value: (n) => n.updated_at },
                { header: 'Target', value: (n) => `${n.target_type}:${n.target_code}` },
                { header: 'Version', value: (n) => n.version },
              ])
            }
          />
        </>
      )}
      {canWrite ? (
        <form onSubmit={add} noValidate className="nhsuk-u-margin-top-5">
          <FormErrorSummary problems={form.problems} />
          <NoteTextarea
            id={addId}
            label="Add a note"
            hint={`Only members of ${me.workspace?.name ?? 'your workspace'} will see it.`}
            value={body}
            onChange={setBody}
            error={form.errorFor(addId)}
          />
          <SubmitButton busy={form.busy} className="nhsuk-button nhsuk-button--secondary">
            Add note
          </SubmitButton>
        </form>
      ) : (
        <p className="app-count-note">Your role ({me.role}) can read notes but not write them.</p>
      )}
    </section>
  );
}
