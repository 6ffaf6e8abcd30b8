import type { NetworkSummary } from '../../shared/schemas.ts';
import type { Column } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { StatusTags } from '../components/Tag.tsx';
import { FORMALITY_LABELS } from '../lib/labels.ts';
import { networkHref, organisationHref } from '../lib/routes.ts';

/** The host of a network: a link when the Atlas holds the host, else its name as given. */
export function HostName({ network: n, link }: { network: NetworkSummary; link: (path: string) => string }) {
  if (n.host) return <Link href={link(organisationHref(n.host.code))}>{n.host.name}</Link>;
  return <>{n.host_name ?? ''}</>;
}

export function NetworkStatus({ network: n }: { network: NetworkSummary }) {
  if (n.status === 'active' && n.confidence !== 'likely') return <>Active</>;
  return <StatusTags status={n.status} confidence={n.confidence} />;
}

/** The columns of a table of networks. */
export function networkColumns(link: (path: string) => string): Column<NetworkSummary>[] {
  return [
    {
      header: 'Network',
      cell: (n) => <Link href={link(networkHref(n.code))}>{n.name}</Link>,
      csv: (n) => n.name,
    },
    { header: 'Kind', cell: (n) => n.kind_label, csv: (n) => n.kind_label },
    { header: 'Focus', cell: (n) => n.focus ?? '', csv: (n) => n.focus },
    {
      header: 'Host',
      cell: (n) => <HostName network={n} link={link} />,
      csv: (n) => n.host?.name ?? n.host_name,
    },
    { header: 'Region', cell: (n) => n.region?.name ?? '', csv: (n) => n.region?.name },
    {
      header: 'Footprint',
      cell: (n) => n.footprint_count.toLocaleString('en-GB'),
      csv: (n) => n.footprint_count,
      numeric: true,
    },
    { header: 'Status', cell: (n) => <NetworkStatus network={n} />, csv: (n) => n.status },
  ];
}

export const networkExtraCsv = [
  { header: 'Code', value: (n: NetworkSummary) => n.code },
  { header: 'Focus type', value: (n: NetworkSummary) => n.focus_type },
  { header: 'Formality', value: (n: NetworkSummary) => (n.formality ? FORMALITY_LABELS[n.formality] : null) },
  { header: 'Host code', value: (n: NetworkSummary) => n.host?.code },
  { header: 'Region code', value: (n: NetworkSummary) => n.region?.code },
  { header: 'Confidence', value: (n: NetworkSummary) => n.confidence },
];
