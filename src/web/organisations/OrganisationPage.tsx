import type { OrganisationDetail } from '../../shared/schemas.ts';
import { AsAtControl } from '../components/AsAtControl.tsx';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { StatusTags, Tag } from '../components/Tag.tsx';
import { LongTable } from '../imports/LongTable.tsx';
import { apiUrl } from '../lib/api.ts';
import { countOf, formatDate, slug } from '../lib/format.ts';
import { pluralLabel, ROLE_LABELS } from '../lib/labels.ts';
import { networkHref, organisationHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { NotesPanel } from '../notes/NotesPanel.tsx';
import { OrgPeople } from '../people/OrgPeople.tsx';
import { StakeholderMapLink } from '../stakeholders/StakeholderMapLink.tsx';
import { organisationColumns, organisationExtraCsv } from './columns.tsx';
import { Deprivation } from './Deprivation.tsx';
import { History } from './History.tsx';
import { SuccessionSummary, Successions } from './Successions.tsx';

type Network = OrganisationDetail['networks'][number];

/** A plural label inside a sentence: "primary care networks", but "GP practices" keeps its capitals. */
const inSentence = (label: string): string =>
  /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);

const STATUS_WORDS: Record<string, string> = { open: 'Open', closed: 'Closed', not_yet_open: 'Not yet open' };

/** /organisations/:code — where an organisation sits, what it contains, its networks and its history. */
export function OrganisationPage({ code }: { code: string }) {
  const { asAt, link } = useAsAt();
  const state = useApi<OrganisationDetail>(
    apiUrl(`/organisations/${encodeURIComponent(code)}`, { as_at: asAt }),
  );
  const detail = state.data;
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error, 'Organisation not found')
      : detail
        ? `${detail.organisation.name} (${detail.organisation.code})`
        : 'Loading organisation',
  );

  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading={`Organisation ${code}`}
        notFound={{
          heading: 'Organisation not found',
          detail: `There is no organisation with the code ${code} in the Atlas.`,
        }}
      >
        <AsAtControl />
      </ProblemPage>
    );
  }
  if (!detail) return <Loading what="Loading the organisation" />;

  const o = detail.organisation;
  const crumbs = [
    { href: link('/'), text: 'Home' },
    ...detail.parents.map((p) => ({ href: link(organisationHref(p.code)), text: p.name })),
  ];
  const columns = organisationColumns(link);

  return (
    <>
      <Breadcrumb items={crumbs} />
      <span className="nhsuk-caption-l">{o.kind_label}</span>
      <h1 className="app-heading-with-tags">
        {o.name} <StatusTags status={o.status} confidence={o.confidence} derived={o.derived} />
      </h1>
      <StakeholderMapLink code={o.code} kind={o.kind} />
      <SuccessionSummary
        organisation={o}
        predecessors={detail.predecessors}
        successors={detail.successors}
        link={link}
      />

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <SummaryList
            rows={[
              { key: 'ODS code', value: o.code },
              { key: 'ONS code', value: o.ons_code },
              { key: 'Kind', value: o.kind_label },
              {
                key: 'Part of',
                value: o.parent && <Link href={link(organisationHref(o.parent.code))}>{o.parent.name}</Link>,
              },
              { key: 'Opened', value: formatDate(o.opened_on) },
              { key: 'Closed', value: formatDate(o.closed_on) },
              {
                key: 'Status',
                value: `${STATUS_WORDS[o.status] ?? o.status} on ${formatDate(detail.as_at)}`,
              },
              { key: 'Postcode', value: o.postcode },
              {
                key: 'Confidence',
                value:
                  o.confidence === 'likely' ? (
                    <>
                      <Tag colour="yellow">Likely</Tag> inferred, not stated by a source
                    </>
                  ) : (
                    'Confirmed by its source'
                  ),
              },
              {
                key: 'Derived',
                value: o.derived ? (
                  <>
                    <Tag colour="purple">Derived</Tag> built by the Atlas from other records
                  </>
                ) : (
                  'No'
                ),
              },
              { key: 'Source', value: o.source },
              { key: 'Notes', value: o.notes },
            ]}
          />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <AsAtControl effective={detail.as_at} />
        </div>
      </div>

      <Deprivation code={o.code} name={o.name} kind={o.kind} asAt={detail.as_at} />

      <h2>What it contains</h2>
      {detail.children.length === 0 && <p>No organisations sit within {o.name} on this date.</p>}
      {detail.children.map((group) => (
        <LongTable
          key={group.kind}
          noun={inSentence(pluralLabel(group.kind))}
          caption={pluralLabel(group.kind)}
          captionDetail={
            group.items.length < group.count
              ? `(showing ${group.items.length.toLocaleString('en-GB')} of ${group.count.toLocaleString('en-GB')})`
              : `(${group.count.toLocaleString('en-GB')})`
          }
          rows={group.items}
          rowKey={(c) => c.code}
          columns={columns}
          extraCsv={organisationExtraCsv}
          filename={`${o.code}-${slug(pluralLabel(group.kind))}-${detail.as_at}`.toLowerCase()}
        />
      ))}

      <h2>Clinical networks</h2>
      <DataTable<Network>
        caption={`Networks covering or including ${o.name}`}
        captionSize="s"
        captionDetail={`(${detail.networks.length})`}
        rows={detail.networks}
        rowKey={(n) => `${n.code}:${n.role}`}
        filename={`${o.code}-networks-${detail.as_at}`.toLowerCase()}
        emptyText={`No clinical networks are recorded for ${o.name} yet.`}
        columns={[
          {
            header: 'Network',
            cell: (n) => <Link href={link(networkHref(n.code))}>{n.name}</Link>,
            csv: (n) => n.name,
          },
          { header: 'Kind', cell: (n) => n.kind_label, csv: (n) => n.kind_label },
          { header: 'How', cell: (n) => ROLE_LABELS[n.role] ?? n.role, csv: (n) => n.role },
          { header: 'Focus', cell: (n) => n.focus ?? '', csv: (n) => n.focus },
          {
            header: 'Confidence',
            cell: (n) => (n.link_confidence === 'likely' ? <Tag colour="yellow">Likely</Tag> : 'Confirmed'),
            csv: (n) => n.link_confidence,
          },
        ]}
        extraCsv={[
          { header: 'Network code', value: (n) => n.code },
          { header: 'Host', value: (n) => n.host?.name ?? n.host_name },
        ]}
      />

      <OrgPeople code={o.code} name={o.name} />

      <h2>History</h2>
      <p>
        {o.opened_on ? `Opened on ${formatDate(o.opened_on)}` : 'Opening date not recorded'}
        {o.closed_on ? `; closed on ${formatDate(o.closed_on)}.` : '.'}
      </p>
      <History code={o.code} name={o.name} />
      <Successions
        caption="Predecessors"
        rows={detail.predecessors}
        link={link}
        filename={`${o.code}-predecessors`.toLowerCase()}
        emptyText={`${o.name} has no recorded predecessors.`}
      />
      <Successions
        caption="Successors"
        rows={detail.successors}
        link={link}
        filename={`${o.code}-successors`.toLowerCase()}
        emptyText={`${o.name} has no recorded successors.`}
      />
      <p className="nhsuk-body-s app-count-note">
        {countOf(
          detail.children.reduce((n, g) => n + g.count, 0),
          'organisation',
        )}{' '}
        within, as at {formatDate(detail.as_at)}.
      </p>

      <NotesPanel targetType="organisation" code={o.code} name={o.name} />
    </>
  );
}
