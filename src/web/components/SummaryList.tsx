import type { ReactNode } from 'react';

export interface SummaryRow {
  key: string;
  value: ReactNode;
}

/** The NHS.UK summary list; rows with no value (null, undefined, '') are left out. */
export function SummaryList({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows
        .filter((r) => r.value !== null && r.value !== undefined && r.value !== '' && r.value !== false)
        .map((r) => (
          <div className="nhsuk-summary-list__row" key={r.key}>
            <dt className="nhsuk-summary-list__key">{r.key}</dt>
            <dd className="nhsuk-summary-list__value">{r.value}</dd>
          </div>
        ))}
    </dl>
  );
}
