import '../imports/imports.css';
import { DataTable } from '../components/DataTable.tsx';
import { SummaryList, type SummaryRow } from '../components/SummaryList.tsx';
import { apiUrl } from '../lib/api.ts';
import { countOf } from '../lib/format.ts';
import { useApi } from '../lib/useApi.ts';

/** GET /organisations/{code}/measures. */
export interface Measures {
  code: string;
  measures: Record<string, number>;
  practices: number;
  list_size: number | null;
  imd_score_weighted: number | null;
  lsoa_deciles: { decile: number; lsoas: number }[];
}

interface DecileRow {
  decile: number;
  lsoas: number;
  share: number;
}

const AREA_KINDS = new Set(['nhs_region', 'icb', 'sub_icb_location', 'place', 'local_authority']);

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
const score = (n: number) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = (n: number) => `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;

function decileWords(decile: number): string {
  if (decile === 1) return '1 (most deprived 10%)';
  if (decile === 10) return '10 (least deprived 10%)';
  return String(decile);
}

/** "3 of 10 among GP practices in England (1 is the most deprived tenth)". */
function decileAmong(decile: number, group: string): string {
  return `${decile} of 10 among ${group} in England (1 is the most deprived tenth)`;
}

/** True when there is anything to show: own measures, list sizes, weighted IMD or LSOA deciles. */
export function hasMeasures(m: Measures): boolean {
  return (
    Object.keys(m.measures).length > 0 ||
    m.list_size !== null ||
    m.imd_score_weighted !== null ||
    m.lsoa_deciles.some((d) => d.lsoas > 0)
  );
}

/** A bar for a share of 0–100, drawn for sighted readers; the number beside it carries the meaning. */
function Bar({ share }: { share: number }) {
  return (
    <span className="app-decile-bar">
      <svg
        className="app-decile-bar__svg"
        viewBox="0 0 100 12"
        width="120"
        height="14"
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        <rect x="0" y="0" width="100" height="12" className="app-decile-bar__track" />
        <rect
          x="0"
          y="0"
          width={Math.max(0, Math.min(100, share))}
          height="12"
          className="app-decile-bar__fill"
        />
      </svg>
      <span>{percent(share)}</span>
    </span>
  );
}

/**
 * "Deprivation and size" for an organisation: its own IMD score and decile and list size (practices,
 * PCNs) and, for areas, the IMD score of its practices weighted by list size, its practices and
 * registered patients, and its LSOAs by IMD decile. Nothing at all when there is no data.
 */
export function Deprivation({
  code,
  name,
  kind,
  asAt,
}: {
  code: string;
  name: string;
  kind: string;
  asAt: string;
}) {
  const state = useApi<Measures>(
    apiUrl(`/organisations/${encodeURIComponent(code)}/measures`, { as_at: asAt }),
  );
  if (state.status !== 'ok' || !hasMeasures(state.data)) return null;
  const m = state.data;
  const own = m.measures;
  const isPractice = kind === 'gp_practice';
  const isArea = AREA_KINDS.has(kind);

  const rows: SummaryRow[] = [];
  if (own.imd_score !== undefined) rows.push({ key: 'IMD 2019 score', value: score(own.imd_score) });
  if (own.imd_decile_of_practices !== undefined)
    rows.push({
      key: 'IMD decile among practices',
      value: decileAmong(own.imd_decile_of_practices, 'GP practices'),
    });
  if (own.imd_decile_of_pcns !== undefined)
    rows.push({
      key: 'IMD decile among PCNs',
      value: decileAmong(own.imd_decile_of_pcns, 'primary care networks'),
    });
  if (own.imd_decile !== undefined) rows.push({ key: 'IMD decile', value: decileWords(own.imd_decile) });
  if (own.list_size !== undefined) rows.push({ key: 'Registered patients', value: whole(own.list_size) });
  if (own.pct_over_65 !== undefined) rows.push({ key: 'Aged 65 and over', value: percent(own.pct_over_65) });
  if (own.pct_under_5 !== undefined) rows.push({ key: 'Aged under 5', value: percent(own.pct_under_5) });
  if (own.pct_5_19 !== undefined) rows.push({ key: 'Aged 5 to 19', value: percent(own.pct_5_19) });
  if (!isPractice) {
    if (m.imd_score_weighted !== null)
      rows.push({
        key: 'IMD 2019 score of its practices',
        value: `${score(m.imd_score_weighted)}, weighted by list size`,
      });
    if (m.practices > 0) rows.push({ key: 'GP practices', value: whole(m.practices) });
    if (m.list_size !== null && own.list_size === undefined)
      rows.push({ key: 'Registered patients', value: whole(m.list_size) });
  }

  const total = m.lsoa_deciles.reduce((n, d) => n + d.lsoas, 0);
  const byDecile = new Map(m.lsoa_deciles.map((d) => [d.decile, d.lsoas]));
  const deciles: DecileRow[] =
    total > 0
      ? Array.from({ length: 10 }, (_, i) => {
          const lsoas = byDecile.get(i + 1) ?? 0;
          return { decile: i + 1, lsoas, share: (100 * lsoas) / total };
        })
      : [];
  const mostDeprivedFifth = (byDecile.get(1) ?? 0) + (byDecile.get(2) ?? 0);

  return (
    <section aria-labelledby="deprivation-heading" data-testid="deprivation">
      <h2 id="deprivation-heading">Deprivation and size</h2>
      {rows.length > 0 && <SummaryList rows={rows} />}
      {isArea && deciles.length > 0 && (
        <>
          <p>
            {whole(mostDeprivedFifth)} of its {countOf(total, 'LSOA')} (
            {percent((100 * mostDeprivedFifth) / total)}) are in the most deprived fifth of England (IMD
            deciles 1 and 2).
          </p>
          <DataTable<DecileRow>
            caption={`LSOAs in ${name} by IMD 2019 decile`}
            captionSize="s"
            captionDetail="(decile 1 is the most deprived tenth of England)"
            rows={deciles}
            rowKey={(d) => String(d.decile)}
            filename={`${code}-lsoas-by-imd-decile`.toLowerCase()}
            columns={[
              { header: 'IMD decile', cell: (d) => decileWords(d.decile), csv: (d) => d.decile },
              { header: 'LSOAs', cell: (d) => whole(d.lsoas), csv: (d) => d.lsoas, numeric: true },
              {
                header: 'Share of its LSOAs',
                cell: (d) => <Bar share={d.share} />,
                csv: (d) => d.share.toFixed(2),
              },
            ]}
          />
          <p className="nhsuk-body-s app-count-note">
            LSOAs (2011) are counted, not weighted by population. Source: English indices of deprivation 2019.
          </p>
        </>
      )}
    </section>
  );
}
