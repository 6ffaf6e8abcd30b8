import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { Brokers, Communities, Coverage, Ranking } from '../../shared/analysis-schemas.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { apiUrl } from '../lib/api.ts';
import { useApi } from '../lib/useApi.ts';
import { levelLabel, type MapNode, nodeHref } from './model.ts';
import { professionLabel } from './NodePanel.tsx';
import { formatScore } from './Reasons.tsx';

type BrokersData = z.infer<typeof Brokers>;
type Broker = BrokersData['people'][number];
type CommunitiesData = z.infer<typeof Communities>;
type CommunityRow = CommunitiesData['communities'][number];
type CoverageData = z.infer<typeof Coverage>;
type PersonaRow = CoverageData['personas'][number];
type RankingData = z.infer<typeof Ranking>;
type RankedRow = RankingData['items'][number];

/** A name that selects its node on the map (and opens its panel); plain text when it is not on the map. */
export type Pick = (id: string, name: string) => ReactNode;

/** The state of one table's request: its loading and error lines, or the table. */
function Requested<T>({
  url,
  what,
  children,
}: {
  url: string;
  what: string;
  children: (data: T) => ReactNode;
}) {
  const state = useApi<T>(url);
  if (state.status === 'loading') return <Loading what={`Loading ${what}`} />;
  if (state.status === 'error') {
    return (
      <p className="nhsuk-body">
        The {what} cannot be shown: {state.error.detail || state.error.title}
      </p>
    );
  }
  return <>{children(state.data)}</>;
}

/** The people shown on the map (under its filters), most influential first. */
export function PeopleTable({
  people,
  total,
  pick,
  filename,
}: {
  people: readonly MapNode[];
  total: number;
  pick: Pick;
  filename: string;
}) {
  return (
    <DataTable<MapNode>
      caption="Most influential people shown"
      captionDetail={`(top ${people.length} of ${total.toLocaleString('en-GB')})`}
      rows={people}
      rowKey={(n) => n.id}
      filename={filename}
      emptyText="No one on the map matches these filters."
      columns={[
        { header: 'Name', cell: (n) => pick(n.id, n.name), csv: (n) => n.name },
        {
          header: 'Professions',
          cell: (n) => n.professions.map(professionLabel).join(', '),
          csv: (n) => n.professions.join(' '),
        },
        { header: 'Level', cell: (n) => levelLabel(n.level), csv: (n) => n.level ?? '' },
        {
          header: 'Influence',
          cell: (n) => formatScore(n.influence),
          csv: (n) => n.influence,
          numeric: true,
        },
        { header: 'PageRank', cell: (n) => formatScore(n.pagerank), csv: (n) => n.pagerank, numeric: true },
        { header: 'Degree', cell: (n) => String(n.degree), csv: (n) => n.degree, numeric: true },
      ]}
      extraCsv={[
        { header: 'Id', value: (n) => n.id },
        { header: 'Community', value: (n) => n.community },
      ]}
    />
  );
}

/** Organisations by the influence of the people holding posts and seats in them (the API's roll-up). */
export function OrganisationsTable({
  params,
  pick,
  filename,
}: {
  params: Params;
  pick: Pick;
  filename: string;
}) {
  return (
    <Requested<RankingData>
      url={apiUrl('/analysis/influence', { ...params, kind: 'organisation', top: 25 })}
      what="organisations by influence"
    >
      {(data) => (
        <DataTable<RankedRow>
          caption="Most influential organisations"
          captionDetail={`(top ${data.items.length})`}
          rows={data.items}
          rowKey={(r) => r.id}
          filename={filename}
          columns={[
            { header: 'Organisation', cell: (r) => pick(r.id, r.name), csv: (r) => r.name },
            { header: 'Level', cell: (r) => levelLabel(r.level), csv: (r) => r.level ?? '' },
            { header: 'Influence', cell: (r) => formatScore(r.score), csv: (r) => r.score, numeric: true },
            {
              header: 'Its people’s influence',
              cell: (r) => (r.rolled_up === null ? '' : formatScore(r.rolled_up)),
              csv: (r) => r.rolled_up ?? '',
              numeric: true,
            },
          ]}
          extraCsv={[
            { header: 'Id', value: (r) => r.id },
            { header: 'Rank', value: (r) => r.rank },
          ]}
        />
      )}
    </Requested>
  );
}

function brokerColumns(pick: Pick) {
  return [
    { header: 'Name', cell: (b: Broker) => pick(b.id, b.name), csv: (b: Broker) => b.name },
    {
      header: 'Betweenness',
      cell: (b: Broker) => formatScore(b.betweenness),
      csv: (b: Broker) => b.betweenness,
      numeric: true,
    },
    { header: 'Spans', cell: (b: Broker) => b.spans.join(', '), csv: (b: Broker) => b.spans.join(' ') },
    {
      header: 'Levels',
      cell: (b: Broker) => b.levels.map(levelLabel).join(', '),
      csv: (b: Broker) => b.levels.join(' '),
    },
    {
      header: 'Span score',
      cell: (b: Broker) => String(b.span_score),
      csv: (b: Broker) => b.span_score,
      numeric: true,
    },
  ];
}

/** Brokers (betweenness, sampled, with its error bound) and boundary spanners. */
export function BrokerTables({ params, pick, filename }: { params: Params; pick: Pick; filename: string }) {
  return (
    <Requested<BrokersData> url={apiUrl('/analysis/brokers', params)} what="brokers">
      {(data) => (
        <>
          <DataTable<Broker>
            caption="Brokers"
            captionDetail={
              data.exact
                ? '(exact betweenness)'
                : `(betweenness from ${data.samples.toLocaleString('en-GB')} samples, ± ${formatScore(data.error_bound)})`
            }
            rows={data.people}
            rowKey={(b) => b.id}
            filename={`${filename}-brokers`}
            columns={brokerColumns(pick)}
            extraCsv={[{ header: 'Id', value: (b) => b.id }]}
          />
          <DataTable<Broker>
            caption="Boundary spanners"
            captionDetail="(posts and seats across levels, sectors, professions or networks)"
            rows={data.spanners}
            rowKey={(b) => b.id}
            filename={`${filename}-spanners`}
            columns={brokerColumns(pick)}
            extraCsv={[{ header: 'Id', value: (b) => b.id }]}
          />
        </>
      )}
    </Requested>
  );
}

/** Louvain communities, named by their most central member and dominant organisation. */
export function CommunitiesTable({
  params,
  pick,
  filename,
}: {
  params: Params;
  pick: Pick;
  filename: string;
}) {
  return (
    <Requested<CommunitiesData> url={apiUrl('/analysis/communities', params)} what="communities">
      {(data) => (
        <DataTable<CommunityRow>
          caption="Communities"
          captionDetail={`(${data.count.toLocaleString('en-GB')}, modularity ${data.modularity.toFixed(3)})`}
          rows={data.communities}
          rowKey={(c) => String(c.community)}
          filename={`${filename}-communities`}
          columns={[
            { header: 'Community', cell: (c) => c.name, csv: (c) => c.name },
            {
              header: 'Most central',
              cell: (c) => pick(c.central.id, c.central.name),
              csv: (c) => c.central.name,
            },
            {
              header: 'Main organisation',
              cell: (c) => c.organisation?.name ?? '',
              csv: (c) => c.organisation?.name ?? '',
            },
            {
              header: 'Size',
              cell: (c) => c.size.toLocaleString('en-GB'),
              csv: (c) => c.size,
              numeric: true,
            },
            {
              header: 'People',
              cell: (c) => c.people.toLocaleString('en-GB'),
              csv: (c) => c.people,
              numeric: true,
            },
            {
              header: 'Influence',
              cell: (c) => formatScore(c.influence),
              csv: (c) => c.influence,
              numeric: true,
            },
          ]}
          extraCsv={[{ header: 'Number', value: (c) => c.community }]}
        />
      )}
    </Requested>
  );
}

/** For an ICB: which of the personas are filled, by whom, and which the workspace has a tie to. */
export function CoverageTable({
  icb,
  at,
  pick,
  filename,
}: {
  icb: string;
  at: string | null;
  pick: Pick;
  filename: string;
}) {
  return (
    <Requested<CoverageData> url={apiUrl('/analysis/coverage', { icb, at })} what="persona coverage">
      {(data) => (
        <DataTable<PersonaRow>
          caption="Persona coverage"
          captionDetail={`(${data.filled} of ${data.personas.length} filled, ${data.tied} tied to your workspace)`}
          rows={data.personas}
          rowKey={(p) => p.code}
          filename={`${filename}-persona-coverage`}
          columns={[
            { header: 'Persona', cell: (p) => p.name, csv: (p) => p.name },
            { header: 'Level', cell: (p) => levelLabel(p.level), csv: (p) => p.level },
            {
              header: 'Held by',
              cell: (p) =>
                p.holders.length === 0 ? (
                  <strong>Not filled</strong>
                ) : (
                  <ul className="nhsuk-list app-stakeholder-list">
                    {p.holders.map((h) => (
                      <li key={h.id}>
                        {pick(h.id, h.name)}
                        {h.engaged ? ' (engaged)' : ''}
                      </li>
                    ))}
                  </ul>
                ),
              csv: (p) => p.holders.map((h) => h.name).join('; '),
            },
            {
              header: 'Tied to you',
              cell: (p) => (p.tied ? 'Yes' : 'No'),
              csv: (p) => (p.tied ? 'yes' : 'no'),
            },
          ]}
          extraCsv={[{ header: 'Code', value: (p) => p.code }]}
        />
      )}
    </Requested>
  );
}

export type Params = { scope: string | null; at: string | null };

/** A name as a link to its page, for nodes that are not on the map. */
export function pageLink(id: string, name: string): ReactNode {
  const href = nodeHref(id);
  return href ? <Link href={href}>{name}</Link> : name;
}
