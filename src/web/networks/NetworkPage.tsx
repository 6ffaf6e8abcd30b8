import type { NetworkDetail } from '../../shared/schemas.ts';
import { AsAtControl } from '../components/AsAtControl.tsx';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { StatusTags, Tag } from '../components/Tag.tsx';
import { apiUrl } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { FOCUS_TYPE_LABELS, FORMALITY_LABELS, NETWORK_KIND_PLURALS, OUTCOME_DOMAINS } from '../lib/labels.ts';
import { organisationHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { NotesPanel } from '../notes/NotesPanel.tsx';
import { OrganisationStatus } from '../organisations/columns.tsx';
import { RosterSection } from '../people/RosterSection.tsx';
import { HostName } from './columns.tsx';

type FootprintEntry = NetworkDetail['footprint'][number];

const FOOTPRINT_ROLES: Record<string, string> = { covers: 'Covered', member: 'Member', host: 'Host' };
const STATUS_WORDS: Record<string, string> = { active: 'Active', closed: 'Closed', uncertain: 'Uncertain' };

/** A source as a link when it is a web address, else as text. */
function Source({ source }: { source: string }) {
  if (/^https?:\/\//i.test(source)) {
    return (
      <a className="nhsuk-link" href={source} rel="noopener noreferrer">
        {source}
      </a>
    );
  }
  return <>{source}</>;
}

/** /networks/:code — a clinical network: what it is, who hosts it, and the organisations it covers. */
export function NetworkPage({ code }: { code: string }) {
  const { asAt, link } = useAsAt();
  const state = useApi<NetworkDetail>(apiUrl(`/networks/${encodeURIComponent(code)}`, { as_at: asAt }));
  const detail = state.data;
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error, 'Network not found')
      : detail
        ? detail.network.name
        : 'Loading network',
  );

  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading={`Network ${code}`}
        notFound={{
          heading: 'Network not found',
          detail: `There is no network with the code ${code} in the Atlas.`,
        }}
      >
        <AsAtControl />
      </ProblemPage>
    );
  }
  if (!detail) return <Loading what="Loading the network" />;

  const n = detail.network;
  const crumbs = [
    { href: link('/'), text: 'Home' },
    { href: link('/networks'), text: 'Clinical networks' },
    { href: link('/networks', { kind: n.kind }), text: NETWORK_KIND_PLURALS[n.kind] },
  ];

  return (
    <>
      <Breadcrumb items={crumbs} />
      <span className="nhsuk-caption-l">{n.kind_label}</span>
      <h1 className="app-heading-with-tags">
        {n.name} <StatusTags status={n.status} confidence={n.confidence} />
      </h1>
      {n.confidence === 'likely' && (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            Some of what is shown here is <strong>likely</strong> rather than confirmed: the Atlas inferred it
            from indirect sources.
          </p>
        </div>
      )}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <SummaryList
            rows={[
              { key: 'Code', value: n.code },
              { key: 'Kind', value: n.kind_label },
              {
                key: 'Focus',
                value:
                  n.focus || n.focus_type
                    ? [n.focus_type ? FOCUS_TYPE_LABELS[n.focus_type] : null, n.focus]
                        .filter(Boolean)
                        .join(': ')
                    : null,
              },
              { key: 'Formality', value: n.formality ? FORMALITY_LABELS[n.formality] : null },
              { key: 'Host', value: n.host || n.host_name ? <HostName network={n} link={link} /> : null },
              {
                key: 'Region',
                value: n.region && <Link href={link(organisationHref(n.region.code))}>{n.region.name}</Link>,
              },
              { key: 'Footprint', value: n.footprint_text },
              {
                key: 'NHS Outcomes Framework domains',
                value:
                  n.outcome_domains.length > 0 ? (
                    <ul className="nhsuk-list">
                      {n.outcome_domains.map((d) => (
                        <li key={d}>
                          Domain {d}: {OUTCOME_DOMAINS[d] ?? ''}
                        </li>
                      ))}
                    </ul>
                  ) : null,
              },
              { key: 'Established', value: formatDate(n.established_on) },
              { key: 'Next review', value: formatDate(n.review_on) },
              { key: 'Closed', value: formatDate(n.closed_on) },
              { key: 'Status', value: STATUS_WORDS[n.status] ?? n.status },
              {
                key: 'Confidence',
                value:
                  n.confidence === 'likely' ? (
                    <>
                      <Tag colour="yellow">Likely</Tag> inferred, not stated by a source
                    </>
                  ) : (
                    'Confirmed by its source'
                  ),
              },
              { key: 'Source', value: n.source ? <Source source={n.source} /> : null },
              { key: 'Notes', value: n.notes },
            ]}
          />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <AsAtControl effective={detail.as_at} />
        </div>
      </div>

      <h2>Footprint</h2>
      <DataTable<FootprintEntry>
        caption={`Organisations in the footprint of ${n.name}`}
        captionSize="s"
        captionDetail={`(${detail.footprint.length})`}
        rows={detail.footprint}
        rowKey={(f) => `${f.organisation.code}:${f.role}:${f.valid_from ?? ''}`}
        filename={`${n.code}-footprint-${detail.as_at}`.toLowerCase()}
        emptyText={`No organisations are recorded in the footprint of ${n.name} yet.`}
        columns={[
          {
            header: 'Organisation',
            cell: (f) => (
              <Link href={link(organisationHref(f.organisation.code))}>{f.organisation.name}</Link>
            ),
            csv: (f) => f.organisation.name,
          },
          { header: 'ODS code', cell: (f) => f.organisation.code, csv: (f) => f.organisation.code },
          { header: 'Kind', cell: (f) => f.organisation.kind_label, csv: (f) => f.organisation.kind_label },
          { header: 'Role', cell: (f) => FOOTPRINT_ROLES[f.role] ?? f.role, csv: (f) => f.role },
          { header: 'From', cell: (f) => formatDate(f.valid_from), csv: (f) => f.valid_from },
          { header: 'To', cell: (f) => formatDate(f.valid_to), csv: (f) => f.valid_to },
          {
            header: 'Confidence',
            cell: (f) => (f.confidence === 'likely' ? <Tag colour="yellow">Likely</Tag> : 'Confirmed'),
            csv: (f) => f.confidence,
          },
          {
            header: 'Status',
            cell: (f) => <OrganisationStatus organisation={f.organisation} />,
            csv: (f) => f.organisation.status,
          },
        ]}
      />

      <RosterSection code={n.code} name={n.name} />

      <NotesPanel targetType="network" code={n.code} name={n.name} />
    </>
  );
}
