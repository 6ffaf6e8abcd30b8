import type { OrganisationSummary } from '../../shared/schemas.ts';
import type { Column } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { StatusTags } from '../components/Tag.tsx';
import { formatDate } from '../lib/format.ts';
import { organisationHref } from '../lib/routes.ts';

/** The status words of an organisation: "Open", or its tags (closed, likely, derived). */
export function OrganisationStatus({ organisation: o }: { organisation: OrganisationSummary }) {
  const tags = <StatusTags status={o.status} confidence={o.confidence} derived={o.derived} />;
  if (o.status === 'open' && o.confidence !== 'likely' && !o.derived) return <>Open</>;
  return tags;
}

/** The columns of a table of organisations; `link` keeps the page's as-at date on the links. */
export function organisationColumns(link: (path: string) => string): Column<OrganisationSummary>[] {
  return [
    {
      header: 'Name',
      cell: (o) => <Link href={link(organisationHref(o.code))}>{o.name}</Link>,
      csv: (o) => o.name,
    },
    { header: 'ODS code', cell: (o) => o.code, csv: (o) => o.code },
    { header: 'ONS code', cell: (o) => o.ons_code ?? '', csv: (o) => o.ons_code },
    { header: 'Opened', cell: (o) => formatDate(o.opened_on), csv: (o) => o.opened_on },
    { header: 'Postcode', cell: (o) => o.postcode ?? '', csv: (o) => o.postcode },
    { header: 'Status', cell: (o) => <OrganisationStatus organisation={o} />, csv: (o) => o.status },
  ];
}

/** CSV-only columns that complete an organisation row. */
export const organisationExtraCsv = [
  { header: 'Kind', value: (o: OrganisationSummary) => o.kind_label },
  { header: 'Closed', value: (o: OrganisationSummary) => o.closed_on },
  { header: 'Confidence', value: (o: OrganisationSummary) => o.confidence },
  { header: 'Derived', value: (o: OrganisationSummary) => (o.derived ? 'yes' : 'no') },
  { header: 'Parent code', value: (o: OrganisationSummary) => o.parent?.code },
  { header: 'Parent', value: (o: OrganisationSummary) => o.parent?.name },
];
