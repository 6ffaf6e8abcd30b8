import type { ReactNode } from 'react';
import type { OrganisationDetail } from '../../shared/schemas.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Tag } from '../components/Tag.tsx';
import { formatDate } from '../lib/format.ts';
import { ORGANISATION_KIND_LABELS, SUCCESSION_LABELS } from '../lib/labels.ts';
import { withQuery } from '../lib/router.ts';
import { organisationHref } from '../lib/routes.ts';

type Succession = OrganisationDetail['successors'][number];
type Organisation = OrganisationDetail['organisation'];

/** "A, B and C" with each name a link to its page. */
function linkedList(rows: readonly Succession[], link: (path: string) => string): ReactNode[] {
  const parts: ReactNode[] = [];
  rows.forEach((s, i) => {
    if (i > 0) parts.push(i === rows.length - 1 ? ' and ' : ', ');
    parts.push(
      <Link key={s.organisation.code} href={link(organisationHref(s.organisation.code))}>
        {s.organisation.name}
      </Link>,
    );
  });
  return parts;
}

/** The sentence at the top of a page that says when an organisation closed and what replaced it, or what it replaced. */
export function SuccessionSummary({
  organisation: o,
  predecessors,
  successors,
  link,
}: {
  organisation: Organisation;
  predecessors: readonly Succession[];
  successors: readonly Succession[];
  link: (path: string) => string;
}) {
  const asAtLink = (path: string, date: string) => withQuery(path, { as_at: date });
  if (o.closed_on || successors.length > 0) {
    const parts = linkedList(successors, link);
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          {o.closed_on ? `Closed on ${formatDate(o.closed_on)}` : 'Replaced'}
          {successors.length > 0 ? <>; succeeded by {parts}.</> : '.'}
        </p>
        {o.closed_on && o.status === 'closed' && (
          <p>
            <Link href={asAtLink(organisationHref(o.code), o.closed_on)}>
              See {o.name} as it was on {formatDate(o.closed_on)}
            </Link>
          </p>
        )}
      </div>
    );
  }
  if (predecessors.length > 0) {
    const parts = linkedList(predecessors, link);
    const on = predecessors[0]?.effective_on;
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          {on ? `Formed on ${formatDate(on)} from ` : 'Formed from '}
          {parts}.
        </p>
      </div>
    );
  }
  return null;
}

/** A table of predecessors or successors, with how and when. */
export function Successions({
  caption,
  rows,
  link,
  filename,
  emptyText,
}: {
  caption: string;
  rows: readonly Succession[];
  link: (path: string) => string;
  filename: string;
  emptyText: string;
}) {
  return (
    <DataTable<Succession>
      caption={caption}
      captionSize="s"
      rows={rows}
      rowKey={(s) => `${s.organisation.code}:${s.effective_on}`}
      filename={filename}
      emptyText={emptyText}
      columns={[
        {
          header: 'Organisation',
          cell: (s) => <Link href={link(organisationHref(s.organisation.code))}>{s.organisation.name}</Link>,
          csv: (s) => s.organisation.name,
        },
        { header: 'ODS code', cell: (s) => s.organisation.code, csv: (s) => s.organisation.code },
        {
          header: 'Kind',
          cell: (s) => ORGANISATION_KIND_LABELS[s.organisation.kind],
          csv: (s) => ORGANISATION_KIND_LABELS[s.organisation.kind],
        },
        { header: 'Date', cell: (s) => formatDate(s.effective_on), csv: (s) => s.effective_on },
        { header: 'Change', cell: (s) => SUCCESSION_LABELS[s.kind] ?? s.kind, csv: (s) => s.kind },
        {
          header: 'Confidence',
          cell: (s) => (s.confidence === 'likely' ? <Tag colour="yellow">Likely</Tag> : 'Confirmed'),
          csv: (s) => s.confidence,
        },
        { header: 'Notes', cell: (s) => s.notes ?? '', csv: (s) => s.notes },
      ]}
    />
  );
}
