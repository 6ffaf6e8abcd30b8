import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { apiUrl } from '../lib/api.ts';
import { organisationHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';

type Ref = { code: string; name: string } | null;

/** GET /geography/lsoas/{code}. */
interface Lsoa {
  code: string;
  vintage: number | string;
  name: string | null;
  sub_icb_location: Ref;
  icb: Ref;
  place: Ref;
  imd: { rank: number | null; decile: number | null } | null;
}

function decileWords(decile: number): string {
  if (decile === 1) return '1 (the most deprived 10% of England)';
  if (decile === 10) return '10 (the least deprived 10% of England)';
  return `${decile} of 10 (1 is the most deprived)`;
}

/** /lsoas/:code — a lower layer super output area: where it sits in the NHS, and its deprivation. */
export function LsoaPage({ code }: { code: string }) {
  const { link } = useAsAt();
  const state = useApi<Lsoa>(apiUrl(`/geography/lsoas/${encodeURIComponent(code)}`));
  const lsoa = state.data;
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error, 'LSOA not found')
      : lsoa
        ? `${lsoa.name ?? lsoa.code} (${lsoa.code})`
        : 'Loading LSOA',
  );
  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading={`LSOA ${code}`}
        notFound={{ heading: 'LSOA not found', detail: `The Atlas holds no LSOA with the code ${code}.` }}
      />
    );
  }
  if (!lsoa) return <Loading what="Loading the LSOA" />;
  const org = (r: Ref) => r && <Link href={link(organisationHref(r.code))}>{r.name}</Link>;
  return (
    <>
      <Breadcrumb
        items={[
          { href: link('/'), text: 'Home' },
          { href: link('/map'), text: 'Map' },
        ]}
      />
      <span className="nhsuk-caption-l">Lower layer super output area ({lsoa.vintage})</span>
      <h1>{lsoa.name ?? lsoa.code}</h1>
      <SummaryList
        rows={[
          { key: 'ONS code', value: lsoa.code },
          { key: 'Sub-ICB location', value: org(lsoa.sub_icb_location) ?? 'Not recorded' },
          { key: 'Integrated care board', value: org(lsoa.icb) ?? 'Not recorded' },
          { key: 'Place (local authority)', value: org(lsoa.place) },
          { key: 'IMD 2019 decile', value: lsoa.imd?.decile ? decileWords(lsoa.imd.decile) : 'Not recorded' },
          {
            key: 'IMD 2019 rank',
            value: lsoa.imd?.rank
              ? `${lsoa.imd.rank.toLocaleString('en-GB')} of 32,844 (1 is the most deprived)`
              : null,
          },
        ]}
      />
    </>
  );
}
