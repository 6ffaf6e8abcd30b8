import { type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { type CsvColumn, downloadCsv } from '../lib/download.ts';
import { DownloadCsvButton } from './DownloadCsvButton.tsx';

export interface Column<T> {
  header: string;
  /** What the cell shows. */
  cell: (row: T) => ReactNode;
  /** The plain value written to the CSV; columns without one are left out of the download. */
  csv?: (row: T) => unknown;
  numeric?: boolean;
}

export interface DataTableProps<T> {
  caption: string;
  captionSize?: 's' | 'm' | 'l';
  /** Shown after the caption text, e.g. a count, and kept out of the CSV button's name. */
  captionDetail?: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** The CSV file's name, without ".csv". */
  filename: string;
  /** Extra columns for the CSV only (codes, dates the table leaves out). */
  extraCsv?: readonly CsvColumn<T>[];
  emptyText?: string;
  /** Rows after the data rows, such as totals. */
  foot?: ReactNode;
}

/** True when the element is wider than its box, so it scrolls and must be reachable by keyboard. */
function useOverflows<E extends HTMLElement>(): [RefObject<E | null>, boolean] {
  const ref = useRef<E>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const check = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(check);
    observer.observe(element);
    check();
    return () => observer.disconnect();
  }, []);
  return [ref, overflows];
}

/** An NHS.UK table with a caption, row headers, and a "Download CSV" button for exactly its rows. */
export function DataTable<T>({
  caption,
  captionSize = 'm',
  captionDetail,
  rows,
  columns,
  rowKey,
  filename,
  extraCsv = [],
  emptyText = 'None.',
  foot,
}: DataTableProps<T>) {
  const captionId = useId();
  const [scrollRef, overflows] = useOverflows<HTMLDivElement>();

  const download = () => {
    const csvColumns: CsvColumn<T>[] = [];
    for (const c of columns) if (c.csv) csvColumns.push({ header: c.header, value: c.csv });
    csvColumns.push(...extraCsv);
    downloadCsv(filename, rows, csvColumns);
  };

  if (rows.length === 0) {
    return (
      <div className="app-table-block">
        <h3 className={`nhsuk-heading-${captionSize === 'l' ? 'm' : 's'}`}>{caption}</h3>
        <p className="nhsuk-body">{emptyText}</p>
      </div>
    );
  }

  const [first, ...rest] = columns;
  return (
    <div className="app-table-block">
      <div
        className="app-table-scroll"
        ref={scrollRef}
        {...(overflows ? { tabIndex: 0, role: 'region', 'aria-labelledby': captionId } : {})}
      >
        <table className="nhsuk-table">
          <caption className={`nhsuk-table__caption nhsuk-table__caption--${captionSize}`} id={captionId}>
            {caption}
            {captionDetail && <span className="app-caption-detail"> {captionDetail}</span>}
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              {columns.map((c) => (
                <th
                  key={c.header}
                  className={
                    c.numeric ? 'nhsuk-table__header nhsuk-table__header--numeric' : 'nhsuk-table__header'
                  }
                  scope="col"
                >
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((row) => (
              <tr className="nhsuk-table__row" key={rowKey(row)}>
                {first && (
                  <th className="nhsuk-table__header app-row-header" scope="row">
                    {first.cell(row)}
                  </th>
                )}
                {rest.map((c) => (
                  <td
                    key={c.header}
                    className={
                      c.numeric ? 'nhsuk-table__cell nhsuk-table__cell--numeric' : 'nhsuk-table__cell'
                    }
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          {foot}
        </table>
      </div>
      <DownloadCsvButton what={caption.toLowerCase()} onClick={download} />
    </div>
  );
}
