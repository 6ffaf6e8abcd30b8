import './imports.css';
import { useId, useState } from 'react';
import { DataTable, type DataTableProps } from '../components/DataTable.tsx';
import { downloadCsv } from '../lib/download.ts';

/** How many rows a long table shows until asked for all of them. */
export const FIRST_ROWS = 50;

/**
 * A DataTable for lists that can run to thousands of rows (an import's changes, a sub-ICB location's
 * practices): the first `first` rows with a button to show them all, and a CSV of every row whatever is
 * on show (the table's own CSV button, which has only the rows on show, is hidden by imports.css). A
 * list only a little longer than `first` is shown whole.
 */
export function LongTable<T>({
  first = FIRST_ROWS,
  noun = 'rows',
  ...props
}: DataTableProps<T> & { first?: number; noun?: string }) {
  const [all, setAll] = useState(false);
  const statusId = useId();
  const { rows, caption, captionDetail, columns, extraCsv = [], filename } = props;
  const long = rows.length > Math.ceil(first * 1.2);
  if (!long) return <DataTable {...props} />;

  const shown = all ? rows : rows.slice(0, first);
  const total = rows.length.toLocaleString('en-GB');
  const detail = all
    ? (captionDetail ?? `(${total})`)
    : `(showing the first ${shown.length.toLocaleString('en-GB')} of ${total})`;
  const downloadAll = () => {
    const csvColumns = columns.flatMap((c) => (c.csv ? [{ header: c.header, value: c.csv }] : []));
    downloadCsv(filename, rows, [...csvColumns, ...extraCsv]);
  };
  return (
    <div className="app-long-table">
      <DataTable {...props} rows={shown} captionDetail={detail} />
      <div className="app-long-table__actions">
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          aria-describedby={statusId}
          onClick={() => setAll((a) => !a)}
        >
          {all ? `Show the first ${first}` : `Show all ${total} ${noun}`}
          <span className="nhsuk-u-visually-hidden"> of {caption.toLowerCase()}</span>
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={downloadAll}
        >
          Download CSV
          <span className="nhsuk-u-visually-hidden">
            {' '}
            of all {total} {noun} of {caption.toLowerCase()}
          </span>
        </button>
        <p className="nhsuk-body-s app-long-table__status" id={statusId} aria-live="polite">
          {all ? `Showing all ${total} ${noun}.` : `Showing ${shown.length} of ${total} ${noun}.`}
        </p>
      </div>
    </div>
  );
}
