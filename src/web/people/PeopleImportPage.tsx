import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { PeopleImportReport } from '../../shared/people-schemas.ts';
import { FormErrorSummary, titleWithErrors } from '../auth/forms.tsx';
import { hasRole, useSession } from '../auth/session.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage } from '../components/Problem.tsx';
import { ApiError, apiUrl, upload } from '../lib/api.ts';
import { countOf } from '../lib/format.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

/** The largest file the server takes (64 MiB). */
const MAX_BYTES = 64 * 1024 * 1024;

type RowError = PeopleImportReport['errors'][number];

/** What a people import did (or, in a dry run, would do), with every bad row. */
function Report({ report }: { report: PeopleImportReport }) {
  const n = (x: number) => x.toLocaleString('en-GB');
  return (
    <div data-testid="people-import-report">
      <h2>{report.dry_run ? `Checked ${report.file}` : `Imported ${report.file}`}</h2>
      <dl className="nhsuk-summary-list">
        {[
          ['Rows read', n(report.rows)],
          [report.dry_run ? 'People it would add' : 'People added', n(report.people.created)],
          [report.dry_run ? 'People it would update' : 'People updated', n(report.people.updated)],
          ['People unchanged', n(report.people.unchanged)],
          [report.dry_run ? 'Posts it would add' : 'Posts added', n(report.posts.created)],
          ['Posts unchanged', n(report.posts.unchanged)],
          ['Rows left out: erased people who may not come back', n(report.suppressed)],
          ['Rows with problems', n(new Set(report.errors.map((e) => e.line)).size)],
        ].map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      {report.errors.length > 0 && (
        <DataTable<RowError>
          caption="Problems, row by row"
          captionSize="s"
          captionDetail={`(${countOf(report.errors.length, 'problem')})`}
          rows={report.errors}
          rowKey={(e) => `${e.line}:${e.field}:${e.message}`}
          filename="people-import-problems"
          columns={[
            { header: 'Line', cell: (e) => String(e.line), csv: (e) => e.line, numeric: true },
            { header: 'Field', cell: (e) => e.field, csv: (e) => e.field },
            { header: 'Problem', cell: (e) => e.message, csv: (e) => e.message },
          ]}
        />
      )}
    </div>
  );
}

/** /people/import — upload a CSV or XLSX of people and posts: a dry run first, then the import itself. */
export function PeopleImportPage() {
  const session = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<PeopleImportReport | null>(null);
  const form = useFormSubmit();
  const resultRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(titleWithErrors('Import people', form.problems));
  useEffect(() => {
    if (report) resultRef.current?.focus();
  }, [report]);

  if (session.status === 'loading') return <Loading what="Loading" />;
  const me = session.status === 'signed_in' ? session.me : null;
  if (!me || !hasRole(me, 'editor')) {
    const error = me
      ? new ApiError(
          403,
          'forbidden',
          'Forbidden',
          'Only editors, admins and owners of a workspace can import people.',
        )
      : new ApiError(401, 'unauthenticated', 'Sign in to continue', 'You need to sign in to see this.');
    return <ProblemPage error={error} heading="Import people" />;
  }

  const run = (dryRun: boolean) => {
    setReport(null);
    const found = !file
      ? [{ id: 'people-file', message: 'Choose a CSV or XLSX file to import' }]
      : file.size === 0
        ? [{ id: 'people-file', message: 'The chosen file is empty' }]
        : file.size > MAX_BYTES
          ? [{ id: 'people-file', message: 'The file must be smaller than 64 MB' }]
          : [];
    void form.submit(found, async () => {
      if (!file) return;
      const answer = await upload<PeopleImportReport>(
        '/people/import',
        // A dry run lists every bad row in its report; the import itself refuses a file with any.
        { dry_run: dryRun ? 'true' : 'false', skip_invalid: dryRun ? 'true' : 'false', name: file.name },
        file,
      );
      setReport(answer);
    });
  };
  const check = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(true);
  };
  const fileError = form.errorFor('people-file');
  const canApply = Boolean(report?.dry_run) && report?.errors.length === 0;

  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/people', text: 'People' },
        ]}
      />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <FormErrorSummary problems={form.problems} />
          <h1>Import people</h1>
          <p>
            Add or update people and their posts from a spreadsheet. The file is checked first and nothing is
            written until you import it; a file with a bad row is refused whole, with each problem listed.
          </p>
          <p>
            Start from the template:{' '}
            <a href={apiUrl('/people/template', { format: 'csv' })} download>
              Download the template (CSV)
            </a>{' '}
            or{' '}
            <a href={apiUrl('/people/template', { format: 'xlsx' })} download>
              Download the template (XLSX)
            </a>
            .
          </p>
          <form onSubmit={check} noValidate aria-busy={form.busy}>
            <div className={fileError ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
              <label className="nhsuk-label nhsuk-label--s" htmlFor="people-file">
                File to import
              </label>
              <div className="nhsuk-hint" id="people-file-hint">
                A CSV or XLSX file laid out like the template, up to 64 MB.
              </div>
              {fileError && (
                <span className="nhsuk-error-message" id="people-file-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {fileError}
                </span>
              )}
              <input
                className={
                  fileError ? 'nhsuk-file-upload__input nhsuk-input--error' : 'nhsuk-file-upload__input'
                }
                id="people-file"
                name="file"
                type="file"
                accept=".csv,.xlsx,text/csv"
                aria-describedby={fileError ? 'people-file-hint people-file-error' : 'people-file-hint'}
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setReport(null);
                }}
              />
            </div>
            <div className="app-actions">
              <button className="nhsuk-button" type="submit" disabled={form.busy} aria-disabled={form.busy}>
                Check the file
              </button>
              {canApply && (
                <button
                  className="nhsuk-button nhsuk-button--secondary"
                  type="button"
                  onClick={() => run(false)}
                  disabled={form.busy}
                  aria-disabled={form.busy}
                >
                  Import the file
                </button>
              )}
            </div>
            {form.busy && (
              <p className="nhsuk-body app-loading" role="status">
                Uploading {file?.name}…
              </p>
            )}
          </form>
        </div>
      </div>
      {report && (
        <div ref={resultRef} tabIndex={-1} className="app-focus-target">
          <div className="nhsuk-inset-text" role="status">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              {!report.dry_run
                ? 'The import is done.'
                : report.errors.length > 0
                  ? 'The check found problems: nothing was written. Correct the rows listed and check the file again.'
                  : 'The check found no problems: nothing is written yet. Select “Import the file” to import it.'}
            </p>
          </div>
          <Report report={report} />
          {!report.dry_run && (
            <p>
              <Link href="/people">See the people</Link>
            </p>
          )}
        </div>
      )}
    </>
  );
}
