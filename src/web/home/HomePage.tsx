import type { NationalSummary } from '../../shared/schemas.ts';
import { AsAtControl } from '../components/AsAtControl.tsx';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { apiUrl } from '../lib/api.ts';
import { downloadCsv } from '../lib/download.ts';
import { countOf, formatDate, slug } from '../lib/format.ts';
import {
  isNetworkKind,
  NETWORK_KINDS,
  ORGANISATION_KIND_PLURALS,
  ORGANISATION_KINDS,
  pluralLabel,
} from '../lib/labels.ts';
import { organisationHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { SearchBox } from '../search/SearchBox.tsx';

type Region = NationalSummary['regions'][number];
type Icb = Region['icbs'][number];
type IcbRow = Icb & { region: string };
type KindCount = { kind: string; count: number };

const HEADING = 'The NHS in England';

/** The kinds counted under the ICBs, in the order of the structure, that any ICB has. */
function countedKinds(summary: NationalSummary): (typeof ORGANISATION_KINDS)[number][] {
  const seen = new Set<string>();
  for (const region of summary.regions)
    for (const icb of region.icbs) for (const k of Object.keys(icb.counts)) seen.add(k);
  return ORGANISATION_KINDS.filter((k) => seen.has(k));
}

function sortedCounts(counts: Record<string, number>, order: readonly string[]): KindCount[] {
  return Object.entries(counts)
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => {
      const ia = order.indexOf(a.kind);
      const ib = order.indexOf(b.kind);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    });
}

/** Home: the national summary (regions and their ICBs) as at a date, with search. */
export function HomePage() {
  const { asAt, link } = useAsAt();
  const state = useApi<NationalSummary>(apiUrl('/summary', { as_at: asAt }));
  useDocumentTitle(state.status === 'error' ? problemTitle(state.error) : 'National summary');

  if (state.status === 'error') {
    return (
      <ProblemPage error={state.error} heading={HEADING}>
        <AsAtControl />
      </ProblemPage>
    );
  }

  const summary = state.data;
  const icbCount = summary?.regions.reduce((n, r) => n + r.icbs.length, 0) ?? 0;
  const kinds = summary ? countedKinds(summary) : [];
  const icbColumns: Column<IcbRow>[] = [
    {
      header: 'Integrated care board',
      cell: (icb) => <Link href={link(organisationHref(icb.code))}>{icb.name}</Link>,
      csv: (icb) => icb.name,
    },
    { header: 'ODS code', cell: (icb) => icb.code, csv: (icb) => icb.code },
    { header: 'ONS code', cell: (icb) => icb.ons_code ?? '', csv: (icb) => icb.ons_code },
    ...kinds.map(
      (kind): Column<IcbRow> => ({
        header: ORGANISATION_KIND_PLURALS[kind],
        cell: (icb) => (icb.counts[kind] ?? 0).toLocaleString('en-GB'),
        csv: (icb) => icb.counts[kind] ?? 0,
        numeric: true,
      }),
    ),
  ];

  return (
    <>
      <h1>{HEADING}</h1>
      {summary ? (
        <p className="nhsuk-body-l" data-testid="national-total">
          {countOf(icbCount, 'integrated care board')} in {countOf(summary.regions.length, 'region')} as at{' '}
          {formatDate(summary.as_at)}
        </p>
      ) : (
        <Loading what="Loading the national summary" />
      )}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <SearchBox />
        </div>
        <div className="nhsuk-grid-column-one-half">
          <AsAtControl effective={summary?.as_at} />
        </div>
      </div>

      {summary && (
        <>
          <h2>Regions and integrated care boards</h2>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() =>
              downloadCsv(
                `icbs-england-${summary.as_at}`,
                summary.regions.flatMap((r) => r.icbs.map((icb) => ({ ...icb, region: r.name }))),
                [
                  { header: 'Region', value: (icb: IcbRow) => icb.region },
                  ...icbColumns.flatMap((c) => (c.csv ? [{ header: c.header, value: c.csv }] : [])),
                ],
              )
            }
          >
            Download CSV of all integrated care boards in England
          </button>
          {summary.regions.map((region) => (
            <section className="app-region" key={region.code} aria-labelledby={`region-${region.code}`}>
              <h3 className="nhsuk-heading-m" id={`region-${region.code}`}>
                <Link href={link(organisationHref(region.code))}>{region.name}</Link>
              </h3>
              <DataTable<IcbRow>
                caption={`Integrated care boards in ${region.name}`}
                captionSize="s"
                captionDetail={`(${region.icbs.length})`}
                rows={region.icbs.map((icb) => ({ ...icb, region: region.name }))}
                rowKey={(icb) => icb.code}
                columns={icbColumns}
                filename={`icbs-${slug(region.name)}-${summary.as_at}`}
                emptyText={`No integrated care boards in ${region.name} on this date.`}
                extraCsv={[{ header: 'Region', value: (icb) => icb.region }]}
              />
            </section>
          ))}

          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-one-half">
              <DataTable<KindCount>
                caption="Organisations by kind"
                rows={sortedCounts(summary.organisations, ORGANISATION_KINDS)}
                rowKey={(r) => r.kind}
                filename={`organisations-by-kind-${summary.as_at}`}
                columns={[
                  { header: 'Kind', cell: (r) => pluralLabel(r.kind), csv: (r) => pluralLabel(r.kind) },
                  {
                    header: 'Number',
                    cell: (r) => r.count.toLocaleString('en-GB'),
                    csv: (r) => r.count,
                    numeric: true,
                  },
                ]}
                extraCsv={[{ header: 'Kind code', value: (r) => r.kind }]}
              />
            </div>
            <div className="nhsuk-grid-column-one-half">
              <DataTable<KindCount>
                caption="Clinical networks by kind"
                rows={sortedCounts(summary.networks, NETWORK_KINDS)}
                rowKey={(r) => r.kind}
                filename={`networks-by-kind-${summary.as_at}`}
                emptyText="No clinical networks are recorded yet."
                columns={[
                  {
                    header: 'Kind',
                    cell: (r) =>
                      isNetworkKind(r.kind) ? (
                        <Link href={link('/networks', { kind: r.kind })}>{pluralLabel(r.kind)}</Link>
                      ) : (
                        pluralLabel(r.kind)
                      ),
                    csv: (r) => pluralLabel(r.kind),
                  },
                  {
                    header: 'Number',
                    cell: (r) => r.count.toLocaleString('en-GB'),
                    csv: (r) => r.count,
                    numeric: true,
                  },
                ]}
                extraCsv={[{ header: 'Kind code', value: (r) => r.kind }]}
              />
              <p>
                <Link href={link('/networks')}>See all clinical networks</Link>
              </p>
            </div>
          </div>
        </>
      )}
    </>
  );
}
