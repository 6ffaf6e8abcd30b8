import { type FormEvent, type MouseEvent, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { ImportReport, ImportSummary } from '../../shared/import-schemas.ts';
import { hasRole, useSession } from '../auth/session.ts';
import { formatDateTime } from '../auth/time.ts';
import { useResource } from '../auth/useResource.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage } from '../components/Problem.tsx';
import { Tag } from '../components/Tag.tsx';
import { ApiError, apiUrl, upload } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { importHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { ImportReportView, type ReportData } from './ImportReportView.tsx';
import { fileKindLabel, IMPORT_GROUPS, type ImportGroup, viaLabel } from './labels.ts';

type Summary = z.infer<typeof ImportSummary>;

/** The largest file the server takes (64 MiB). */
const MAX_BYTES = 64 * 1024 * 1024;
/** How many of a refused file's bad rows the error summary lists. */
const ERRORS_SHOWN = 5;

export function reportData(r: ImportReport): ReportData {
  return {
    ...r,
    counts: {
      read: r.read,
      created: r.created,
      changed: r.changed,
      closed: r.closed,
      unchanged: r.unchanged,
      skipped: r.skipped,
      ignored: r.ignored,
    },
  };
}

/** "1,234 read: 12 created, 3 changed, 1,200 unchanged" (counts of none left out). */
function countsText(counts: Record<string, number>): string {
  const n = (k: string) => (counts[k] ?? 0).toLocaleString('en-GB');
  if (counts.read === undefined) return 'Not counted';
  const parts = ['created', 'changed', 'closed', 'unchanged', 'skipped']
    .filter((k) => (counts[k] ?? 0) > 0)
    .map((k) => `${n(k)} ${k}`);
  return `${n('read')} read${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** A problem with the upload: the message, the bad rows the server listed, and the field it is about. */
interface UploadProblem {
  /** The input to move to, or null for a problem with the file's content. */
  id: string | null;
  message: string;
  rows: string[];
  more: number;
}

function problemOf(error: unknown): UploadProblem {
  if (!(error instanceof ApiError)) return { id: null, message: String(error), rows: [], more: 0 };
  if (error.status === 413) {
    return { id: 'import-file', message: 'The file must be smaller than 64 MB', rows: [], more: 0 };
  }
  const message = error.detail || error.title;
  const rows = error.fieldErrors.map((e) => `${e.field}: ${e.message}`);
  return {
    id: null,
    // "file.csv:12: field: …" keeps the file's own name; anything else starts as a sentence.
    message: /^[^\s:]+\.[A-Za-z0-9]+:/.test(message)
      ? message
      : message.charAt(0).toUpperCase() + message.slice(1),
    rows: rows.slice(0, ERRORS_SHOWN),
    more: Math.max(0, rows.length - ERRORS_SHOWN),
  };
}

/** The NHS.UK error summary for the upload: takes focus when shown; a field problem links to its field. */
function UploadErrorSummary({ problem }: { problem: UploadProblem }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const moveTo = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    event.preventDefault();
    document.getElementById(id)?.focus();
  };
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={ref} data-testid="import-errors">
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            <li>
              {problem.id ? (
                <a href={`#${problem.id}`} onClick={(e) => moveTo(e, problem.id!)}>
                  {problem.message}
                </a>
              ) : (
                problem.message
              )}
            </li>
          </ul>
          {problem.rows.length > 0 && (
            <>
              <p>The first bad rows:</p>
              <ul className="nhsuk-list nhsuk-list--bullet app-code-list">
                {problem.rows.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              {problem.more > 0 && (
                <p>and {problem.more.toLocaleString('en-GB')} more listed by the server.</p>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

/** The upload form: the file, its import group, dry run and skip-invalid; shows the reports it answers. */
function UploadForm({
  onImported,
  onProblem,
}: {
  onImported: () => void;
  onProblem: (has: boolean) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [group, setGroup] = useState<ImportGroup>('ods');
  const [dryRun, setDryRun] = useState(true);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<UploadProblem | null>(null);
  const [reports, setReports] = useState<ImportReport[] | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (reports) resultRef.current?.focus();
  }, [reports]);
  useEffect(() => onProblem(problem !== null), [problem, onProblem]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setReports(null);
    if (!file) {
      setProblem({ id: 'import-file', message: 'Choose a file to import', rows: [], more: 0 });
      return;
    }
    if (file.size === 0) {
      setProblem({ id: 'import-file', message: 'The chosen file is empty', rows: [], more: 0 });
      return;
    }
    if (file.size > MAX_BYTES) {
      setProblem({ id: 'import-file', message: 'The file must be smaller than 64 MB', rows: [], more: 0 });
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const answer = await upload<{ reports: ImportReport[] }>(
        '/imports',
        {
          group,
          name: file.name,
          dry_run: dryRun ? 'true' : 'false',
          skip_invalid: skipInvalid ? 'true' : 'false',
        },
        file,
      );
      setReports(answer.reports);
      if (!dryRun) onImported();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const fileError = problem?.id === 'import-file' ? problem.message : undefined;
  const groupHint = IMPORT_GROUPS.find((g) => g.value === group)?.hint;
  return (
    <>
      {problem && <UploadErrorSummary key={`${problem.message}:${problem.rows.join()}`} problem={problem} />}
      <form className="app-import-form" onSubmit={submit} noValidate aria-busy={busy}>
        <div
          className={fileError ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}
          data-testid="file-group"
        >
          <label className="nhsuk-label nhsuk-label--s" htmlFor="import-file">
            File to import
          </label>
          <div className="nhsuk-hint" id="import-file-hint">
            A CSV, XLSX or GeoJSON file as NHS England or ONS publish it, up to 64 MB. Files are recognised by
            their content, not their name.
          </div>
          {fileError && (
            <span className="nhsuk-error-message" id="import-file-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {fileError}
            </span>
          )}
          <input
            className={fileError ? 'nhsuk-file-upload__input nhsuk-input--error' : 'nhsuk-file-upload__input'}
            id="import-file"
            name="file"
            type="file"
            accept=".csv,.xlsx,.geojson,.json,text/csv"
            aria-describedby={fileError ? 'import-file-hint import-file-error' : 'import-file-hint'}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>

        <div className="nhsuk-form-group">
          <label className="nhsuk-label nhsuk-label--s" htmlFor="import-group">
            Import type
          </label>
          <div className="nhsuk-hint" id="import-group-hint">
            {groupHint}
          </div>
          <select
            className="nhsuk-select"
            id="import-group"
            name="group"
            value={group}
            aria-describedby="import-group-hint"
            onChange={(e) => setGroup(e.target.value as ImportGroup)}
          >
            {IMPORT_GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.text}
              </option>
            ))}
          </select>
        </div>

        <div className="nhsuk-form-group">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Options</legend>
            <div className="nhsuk-checkboxes">
              <div className="nhsuk-checkboxes__item">
                <input
                  className="nhsuk-checkboxes__input"
                  id="import-dry-run"
                  name="dry_run"
                  type="checkbox"
                  checked={dryRun}
                  aria-describedby="import-dry-run-hint"
                  onChange={(e) => setDryRun(e.target.checked)}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="import-dry-run">
                  Dry run
                </label>
                <div className="nhsuk-hint nhsuk-checkboxes__hint" id="import-dry-run-hint">
                  Report what would change and write nothing.
                </div>
              </div>
              <div className="nhsuk-checkboxes__item">
                <input
                  className="nhsuk-checkboxes__input"
                  id="import-skip-invalid"
                  name="skip_invalid"
                  type="checkbox"
                  checked={skipInvalid}
                  aria-describedby="import-skip-invalid-hint"
                  onChange={(e) => setSkipInvalid(e.target.checked)}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="import-skip-invalid">
                  Skip invalid rows
                </label>
                <div className="nhsuk-hint nhsuk-checkboxes__hint" id="import-skip-invalid-hint">
                  Leave bad rows out and list them, instead of refusing the whole file.
                </div>
              </div>
            </div>
          </fieldset>
        </div>

        <button className="nhsuk-button" type="submit" disabled={busy} aria-disabled={busy}>
          {dryRun ? 'Check the file' : 'Import the file'}
        </button>
        {busy && (
          <p className="nhsuk-body app-loading" role="status">
            Uploading and {dryRun ? 'checking' : 'importing'} {file?.name}…
          </p>
        )}
      </form>

      {reports && (
        <div ref={resultRef} tabIndex={-1} className="app-focus-target" data-testid="import-result">
          <div className="nhsuk-inset-text" role="status">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              {reports.every((r) => r.dry_run)
                ? 'Dry run finished: nothing was written. Untick “Dry run” to import the file.'
                : `Imported ${reports.map((r) => r.file).join(', ')}.`}
            </p>
          </div>
          {reports.map((r) => (
            <ImportReportView key={`${r.file}:${r.kind}`} report={reportData(r)} />
          ))}
        </div>
      )}
    </>
  );
}

/** The imports applied so far, newest first, each linking to its report. */
function ImportHistory({ state }: { state: ReturnType<typeof useResource<{ items: Summary[] }>> }) {
  if (state.status === 'loading') return <Loading what="Loading the import history" />;
  if (state.status === 'error') return <p>The import history could not be loaded: {state.error.detail}</p>;
  return (
    <DataTable<Summary>
      caption="Files imported"
      captionSize="s"
      captionDetail={`(${state.data.items.length.toLocaleString('en-GB')}, newest first)`}
      rows={state.data.items}
      rowKey={(i) => String(i.id)}
      filename="imports"
      emptyText="Nothing has been imported yet."
      columns={[
        {
          header: 'File',
          cell: (i) => (
            <Link href={importHref(i.id)}>
              {i.file_name}
              <span className="nhsuk-u-visually-hidden"> (import {i.id})</span>
            </Link>
          ),
          csv: (i) => i.file_name,
        },
        { header: 'Kind', cell: (i) => fileKindLabel(i.kind), csv: (i) => i.kind },
        {
          header: 'Vintage',
          cell: (i) => (
            <>
              {i.vintage ? formatDate(i.vintage) : 'Not stated'}
              {!i.current && (
                <>
                  {' '}
                  <Tag colour="grey">Older: history only</Tag>
                </>
              )}
            </>
          ),
          csv: (i) => i.vintage,
        },
        { header: 'Via', cell: (i) => viaLabel(i.via), csv: (i) => i.via },
        { header: 'By', cell: (i) => i.actor_email ?? '', csv: (i) => i.actor_email },
        { header: 'When', cell: (i) => formatDateTime(i.finished_at), csv: (i) => i.finished_at },
        { header: 'Counts', cell: (i) => countsText(i.counts) },
      ]}
      extraCsv={[
        { header: 'Import', value: (i) => i.id },
        { header: 'Current', value: (i) => (i.current ? 'yes' : 'no') },
        ...['read', 'created', 'changed', 'closed', 'unchanged', 'skipped', 'ignored'].map((k) => ({
          header: k.charAt(0).toUpperCase() + k.slice(1),
          value: (i: Summary) => i.counts[k] ?? null,
        })),
      ]}
    />
  );
}

/** /imports — admins upload NHS and ONS files and read each import's report; everyone sees the history. */
export function ImportsPage() {
  const session = useSession();
  const history = useResource<{ items: Summary[] }>(apiUrl('/imports', { limit: 100 }));
  const [hasProblem, setHasProblem] = useState(false);
  useDocumentTitle(hasProblem ? 'Error: Imports' : 'Imports');

  if (history.status === 'error' && (history.error.needsSignIn || history.error.status === 403)) {
    return <ProblemPage error={history.error} heading="Imports" />;
  }
  if (session.status === 'loading') return <Loading what="Loading" />;
  const me = session.status === 'signed_in' ? session.me : null;
  const admin = hasRole(me, 'admin');

  return (
    <>
      <Breadcrumb items={[{ href: '/', text: 'Home' }]} />
      <h1>Imports</h1>
      <p>
        Bring the Atlas up to date with the files NHS England and ONS publish. Each import is checked in full
        before anything is written, and every change it makes is kept as dated history.
      </p>
      {admin ? (
        <>
          <h2>Import a file</h2>
          <UploadForm onImported={history.reload} onProblem={setHasProblem} />
        </>
      ) : (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>Only owners and admins of a workspace can import files. You can read what has been imported.</p>
        </div>
      )}
      <h2>Import history</h2>
      <ImportHistory state={history} />
    </>
  );
}
