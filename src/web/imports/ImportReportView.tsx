import type { ImportChange } from '../../shared/import-schemas.ts';
import { formatDateTime } from '../auth/time.ts';
import { Link } from '../components/Link.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { Tag } from '../components/Tag.tsx';
import { formatDate, slug } from '../lib/format.ts';
import { isOrganisationKind } from '../lib/labels.ts';
import { lsoaHref, organisationHref } from '../lib/routes.ts';
import { LongTable } from './LongTable.tsx';
import { changeLabel, fieldLabel, fileKindLabel, viaLabel } from './labels.ts';

/** A skipped (bad) row: where it is and what is wrong with it. */
export interface SkippedRow {
  file: string;
  line: number;
  field: string;
  message: string;
}

/** What the report page shows, from an upload's answer or a stored import alike. */
export interface ReportData {
  id: number | null;
  file: string;
  kind: string;
  vintage: string | null;
  current: boolean;
  dry_run: boolean;
  via?: string;
  actor_email?: string | null;
  finished_at?: string;
  counts: Record<string, number>;
  changes: readonly ImportChange[];
  skipped_rows: readonly SkippedRow[];
}

const COUNTS: [string, string][] = [
  ['read', 'Rows read'],
  ['created', 'Created'],
  ['changed', 'Changed'],
  ['closed', 'Closed'],
  ['unchanged', 'Unchanged'],
  ['skipped', 'Skipped (bad rows)'],
  ['ignored', 'Ignored (not of interest)'],
];

/** Keeps the rows of `skipped_rows` (stored as JSON) that have the shape of a skipped row. */
export function skippedRowsOf(rows: readonly unknown[]): SkippedRow[] {
  return rows.filter(
    (r): r is SkippedRow =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as SkippedRow).file === 'string' &&
      typeof (r as SkippedRow).line === 'number',
  );
}

type ChangeRow = ImportChange & { n: number };

/** Where a changed record can be read about: organisations and LSOAs have pages. */
function hrefOf(change: ImportChange, dryRun: boolean): string | null {
  // A dry run's new organisations were never written, so there is nothing to link to.
  if (dryRun && change.change === 'opened') return null;
  if (change.kind === 'lsoa') return lsoaHref(change.code);
  if (change.kind === 'practice' || change.kind === 'pcn' || isOrganisationKind(change.kind))
    return organisationHref(change.code);
  return null;
}

/** A value in a change: dates as people read them, anything else as it is. */
function valueText(v: string | null): string {
  if (v === null) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
}

/** The report an import leaves: its counts, the changes (with CSV) and the rows it skipped. */
export function ImportReportView({ report, headingLevel = 2 }: { report: ReportData; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  const base = slug(report.file.replace(/\.[a-z0-9]+$/i, ''));
  return (
    <section className="app-report" aria-labelledby={`report-${base}`}>
      <H id={`report-${base}`}>
        {report.dry_run ? 'Dry run of ' : 'Report for '}
        {report.file}{' '}
        <span className="app-report__tags">
          {report.dry_run && <Tag colour="blue">Dry run: nothing was written</Tag>}
          {!report.current && <Tag colour="grey">Older: history only</Tag>}
        </span>
      </H>
      {!report.current && (
        <p>
          A newer file of this kind was already loaded, so this one only filled in history: it added
          organisations the Atlas had not seen and changed nothing it already held.
        </p>
      )}
      <SummaryList
        rows={[
          { key: 'File', value: report.file },
          { key: 'Kind', value: fileKindLabel(report.kind) },
          { key: 'Vintage', value: report.vintage ? formatDate(report.vintage) : 'Not stated' },
          { key: 'Via', value: report.via ? viaLabel(report.via) : null },
          { key: 'By', value: report.actor_email },
          { key: 'When', value: report.finished_at ? formatDateTime(report.finished_at) : null },
          ...COUNTS.map(([key, label]) => ({
            key: label,
            value: report.counts[key] === undefined ? null : report.counts[key].toLocaleString('en-GB'),
          })),
        ]}
      />

      <LongTable<ChangeRow>
        caption={report.dry_run ? 'Changes it would make' : 'Changes'}
        captionSize="s"
        captionDetail={`(${report.changes.length.toLocaleString('en-GB')})`}
        noun="changes"
        rows={report.changes.map((c, n) => ({ ...c, n }))}
        rowKey={(c) => String(c.n)}
        filename={`${base}-changes${report.dry_run ? '-dry-run' : ''}`}
        emptyText={report.dry_run ? 'It would change nothing.' : 'It changed nothing.'}
        columns={[
          {
            header: 'Code',
            cell: (c) => {
              const href = hrefOf(c, report.dry_run);
              return href ? <Link href={href}>{c.code}</Link> : c.code;
            },
            csv: (c) => c.code,
          },
          { header: 'Change', cell: (c) => changeLabel(c.change), csv: (c) => c.change },
          { header: 'Field', cell: (c) => fieldLabel(c.field), csv: (c) => c.field },
          { header: 'From', cell: (c) => valueText(c.from), csv: (c) => c.from },
          { header: 'To', cell: (c) => valueText(c.to), csv: (c) => c.to },
          { header: 'Effective', cell: (c) => formatDate(c.effective_on), csv: (c) => c.effective_on },
        ]}
        extraCsv={[{ header: 'Kind', value: (c) => c.kind }]}
      />

      <Sub className="nhsuk-heading-s">Skipped rows</Sub>
      {report.skipped_rows.length === 0 ? (
        <p>No rows were skipped.</p>
      ) : (
        <SkippedList rows={report.skipped_rows} total={report.counts.skipped ?? report.skipped_rows.length} />
      )}
    </section>
  );
}

const SKIPPED_SHOWN = 20;

/** The bad rows an import left out, as `file:line: field: message`. */
function SkippedList({ rows, total }: { rows: readonly SkippedRow[]; total: number }) {
  const shown = rows.slice(0, SKIPPED_SHOWN);
  return (
    <>
      <p>
        {total.toLocaleString('en-GB')} {total === 1 ? 'row was' : 'rows were'} left out because{' '}
        {total === 1 ? 'it was' : 'they were'} not valid
        {rows.length > SKIPPED_SHOWN ? `; the first ${SKIPPED_SHOWN} are listed` : ''}:
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet app-code-list" data-testid="skipped-rows">
        {shown.map((r) => (
          <li key={`${r.file}:${r.line}:${r.field}:${r.message}`}>
            {r.file}:{r.line}: {r.field}: {r.message}
          </li>
        ))}
      </ul>
    </>
  );
}
