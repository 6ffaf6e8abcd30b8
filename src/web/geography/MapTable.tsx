import { useMemo, useState } from 'react';
import { DownloadCsvButton } from '../components/DownloadCsvButton.tsx';
import { Link } from '../components/Link.tsx';
import { downloadCsv } from '../lib/download.ts';
import { organisationHref } from '../lib/routes.ts';
import type { AreaFeature } from './Choropleth.tsx';
import { formatValue, shortLabel } from './format.ts';

type SortKey = 'name' | 'icb' | 'value';
type Direction = 'ascending' | 'descending';
type Row = AreaFeature['properties'];

const COLUMNS: { key: SortKey; header: string; numeric?: boolean }[] = [
  { key: 'name', header: 'Sub-ICB location' },
  { key: 'icb', header: 'Integrated care board' },
  { key: 'value', header: 'Value', numeric: true },
];

function compare(a: Row, b: Row, key: SortKey): number {
  if (key === 'name') return a.name.localeCompare(b.name);
  if (key === 'icb')
    return (a.icb_name ?? '').localeCompare(b.icb_name ?? '') || a.name.localeCompare(b.name);
  // No data sorts last either way round.
  if (a.value === null || b.value === null) return 0;
  return a.value - b.value || a.name.localeCompare(b.name);
}

/**
 * The map's data as a table, the accessible alternative to the map: each column sorts with its header's
 * button (aria-sort says how it is sorted), and the CSV has the rows in the order shown.
 */
export function MapTable({
  features,
  measure,
  unit,
  label,
  asAt,
  link,
}: {
  features: readonly AreaFeature[];
  measure: string;
  unit: string | null;
  label: string;
  asAt: string;
  link: (path: string) => string;
}) {
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({
    key: 'value',
    direction: 'descending',
  });
  const rows = useMemo(() => {
    const list = features.map((f) => f.properties);
    const withValue = list.filter((r) => sort.key !== 'value' || r.value !== null);
    const without = sort.key === 'value' ? list.filter((r) => r.value === null) : [];
    withValue.sort((a, b) => compare(a, b, sort.key) * (sort.direction === 'ascending' ? 1 : -1));
    without.sort((a, b) => a.name.localeCompare(b.name));
    return [...withValue, ...without];
  }, [features, sort]);

  const toggle = (key: SortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: key === 'value' ? 'descending' : 'ascending' },
    );

  const download = () =>
    downloadCsv(`sub-icb-locations-${measure}-${asAt}`, rows, [
      { header: 'Sub-ICB location', value: (r) => r.name },
      { header: 'ODS code', value: (r) => r.code },
      { header: 'ICB code', value: (r) => r.icb_code },
      { header: 'Integrated care board', value: (r) => r.icb_name },
      { header: label, value: (r) => r.value },
      { header: 'As at', value: () => asAt },
    ]);

  const caption = `Sub-ICB locations by ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  return (
    <div className="app-table-block" id="map-table" data-testid="map-table">
      <div className="app-table-scroll">
        <table className="nhsuk-table app-sortable">
          <caption className="nhsuk-table__caption nhsuk-table__caption--m">
            {caption}
            <span className="app-caption-detail"> ({rows.length.toLocaleString('en-GB')})</span>
          </caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              {COLUMNS.map((c) => {
                const sorted = sort.key === c.key ? sort.direction : undefined;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={sorted ?? 'none'}
                    className={
                      c.numeric ? 'nhsuk-table__header nhsuk-table__header--numeric' : 'nhsuk-table__header'
                    }
                  >
                    <button type="button" className="app-sortable__button" onClick={() => toggle(c.key)}>
                      {c.key === 'value' ? shortLabel(measure) : c.header}
                      <span className="app-sortable__arrow" aria-hidden="true">
                        {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ' ↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((r) => (
              <tr className="nhsuk-table__row" key={r.code}>
                <th className="nhsuk-table__header app-row-header" scope="row">
                  <Link href={link(organisationHref(r.code))}>{r.name}</Link>
                </th>
                <td className="nhsuk-table__cell">
                  {r.icb_code ? (
                    <Link href={link(organisationHref(r.icb_code))}>{r.icb_name ?? r.icb_code}</Link>
                  ) : (
                    ''
                  )}
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {formatValue(r.value, measure, unit)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DownloadCsvButton what={caption.toLowerCase()} onClick={download} />
    </div>
  );
}
