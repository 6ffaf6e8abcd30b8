import { type FormEvent, useEffect, useState } from 'react';
import type { PersonSummary } from '../../shared/people-schemas.ts';
import type { OrganisationDetail } from '../../shared/schemas.ts';
import { SelectField, TextField } from '../auth/forms.tsx';
import { hasRole, useMe } from '../auth/session.ts';
import { useResource } from '../auth/useResource.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { apiUrl } from '../lib/api.ts';
import { countOf, formatDate } from '../lib/format.ts';
import { navigate, useLocation, withQuery } from '../lib/router.ts';
import { networkHref, organisationHref, personHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { LEVEL_OPTIONS, PROFESSION_OPTIONS, professionsText } from './labels.ts';
import { type Choice, OrganisationPicker } from './pickers.tsx';
import { StaleTag, usePersonaOptions } from './records.tsx';

/** People per page. */
const PAGE_SIZE = 50;

/** The list's filters, as kept in the URL. */
const FILTER_KEYS = ['q', 'persona', 'organisation', 'level', 'profession', 'stale'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

function filtersFrom(search: URLSearchParams): Filters {
  const f = {} as Filters;
  for (const k of FILTER_KEYS) f[k] = search.get(k) ?? '';
  return f;
}

/** A person's current posts as "Title, Organisation" links. */
function CurrentPosts({ person }: { person: PersonSummary }) {
  if (person.current_posts.length === 0) return <>None recorded</>;
  return (
    <ul className="nhsuk-list">
      {person.current_posts.map((p) => (
        <li key={p.id}>
          {p.title}
          {p.organisation && (
            <>
              , <Link href={organisationHref(p.organisation.code)}>{p.organisation.name}</Link>
            </>
          )}
          {p.network && (
            <>
              , <Link href={networkHref(p.network.code)}>{p.network.name}</Link>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The filter form: words, persona, organisation, level, profession and freshness; kept in the URL. */
function FilterForm({ filters }: { filters: Filters }) {
  const [f, setF] = useState(filters);
  const [organisation, setOrganisation] = useState<Choice | null>(
    filters.organisation ? { code: filters.organisation, name: filters.organisation } : null,
  );
  const personas = usePersonaOptions();
  useEffect(() => setF(filters), [filters]);
  // Reopened from its address, the filter knows only the organisation's code: show its name too.
  const named = useApi<OrganisationDetail>(
    filters.organisation ? apiUrl(`/organisations/${encodeURIComponent(filters.organisation)}`) : null,
  );
  const known = named.status === 'ok' ? named.data.organisation : null;
  useEffect(() => {
    if (!known) return;
    setOrganisation((o) =>
      o && o.code.toUpperCase() === known.code.toUpperCase() && o.name === o.code
        ? { code: known.code, name: known.name }
        : o,
    );
  }, [known]);
  const set = (k: keyof Filters) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(withQuery('/people', { ...f, organisation: organisation?.code ?? '' }));
  };
  return (
    <form className="app-filters" onSubmit={apply} noValidate aria-label="Filter people">
      <div className="app-filters__row">
        <TextField id="people-q" label="Name or words" width={20} value={f.q} onChange={set('q')} />
        <SelectField
          id="people-persona"
          label="Persona"
          value={f.persona}
          onChange={set('persona')}
          options={[{ value: '', text: 'Any' }, ...personas.slice(1)]}
        />
        <SelectField
          id="people-level"
          label="Level"
          value={f.level}
          onChange={set('level')}
          options={[{ value: '', text: 'Any' }, ...LEVEL_OPTIONS]}
        />
        <SelectField
          id="people-profession"
          label="Profession"
          value={f.profession}
          onChange={set('profession')}
          options={[{ value: '', text: 'Any' }, ...PROFESSION_OPTIONS]}
        />
        <SelectField
          id="people-stale"
          label="Verified"
          value={f.stale}
          onChange={set('stale')}
          options={[
            { value: '', text: 'Any' },
            { value: 'true', text: 'Stale only' },
            { value: 'false', text: 'Verified recently' },
          ]}
        />
      </div>
      <OrganisationPicker
        id="people-organisation"
        label="Organisation"
        hint="People with a post there now."
        value={organisation}
        onChange={setOrganisation}
      />
      <div className="app-actions">
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Apply filters
        </button>
        {FILTER_KEYS.some((k) => filters[k]) && <Link href="/people">Clear filters</Link>}
      </div>
    </form>
  );
}

/** /people — the workspace's people, filtered and paged, with the ways to add, import and export them. */
export function PeoplePage() {
  const { search } = useLocation();
  const filters = filtersFrom(search);
  const page = Math.max(1, Number(search.get('page')) || 1);
  const me = useMe();
  const canWrite = hasRole(me, 'editor');
  const query = { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const state = useResource<{ as_at: string; total: number; items: PersonSummary[] }>(
    apiUrl('/people', query),
  );
  useDocumentTitle(state.status === 'error' ? problemTitle(state.error) : 'People');

  if (state.status === 'error' && (state.error.needsSignIn || state.error.status === 403)) {
    return <ProblemPage error={state.error} heading="People" />;
  }
  const exportHref = (format: 'csv' | 'xlsx') => apiUrl('/people/export', { format, ...filters });
  const pageHref = (n: number) => withQuery('/people', { ...filters, page: n > 1 ? n : null });
  const data = state.data;
  const last = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <Breadcrumb items={[{ href: '/', text: 'Home' }]} />
      <h1>People</h1>
      <p>
        The people your workspace tracks, in their posts and networks. They are private to{' '}
        {me?.workspace?.name ?? 'your workspace'}.{' '}
        <Link href="/people/freshness">See what has gone stale</Link>.
      </p>
      <div className="app-actions">
        {canWrite && (
          <>
            <Link className="nhsuk-button" href="/people/new">
              Add a person
            </Link>
            <Link className="nhsuk-button nhsuk-button--secondary" href="/people/import">
              Import
            </Link>
          </>
        )}
        <a className="nhsuk-button nhsuk-button--secondary" href={exportHref('csv')} download>
          Download CSV<span className="nhsuk-u-visually-hidden"> of the people matching the filters</span>
        </a>
        <a className="nhsuk-button nhsuk-button--secondary" href={exportHref('xlsx')} download>
          Download XLSX<span className="nhsuk-u-visually-hidden"> of the people matching the filters</span>
        </a>
      </div>
      <FilterForm filters={filters} />
      {state.status === 'error' ? (
        <ProblemPage error={state.error} heading="People" />
      ) : !data ? (
        <Loading what="Loading people" />
      ) : (
        <div className="app-people-table">
          <DataTable<PersonSummary>
            caption="People"
            captionDetail={`(${countOf(data.total, 'person', 'people')}${data.total > PAGE_SIZE ? `, page ${page} of ${last}` : ''})`}
            rows={data.items}
            rowKey={(p) => String(p.id)}
            filename="people"
            emptyText={
              FILTER_KEYS.some((k) => filters[k])
                ? 'No one matches these filters.'
                : 'No people recorded yet.'
            }
            columns={[
              {
                header: 'Name',
                cell: (p) => (
                  <>
                    <Link href={personHref(p.id)}>{p.name}</Link> <StaleTag stale={p.stale} />
                  </>
                ),
                csv: (p) => p.name,
              },
              {
                header: 'Professions',
                cell: (p) => professionsText(p.professions),
                csv: (p) => professionsText(p.professions),
              },
              {
                header: 'Posts now',
                cell: (p) => <CurrentPosts person={p} />,
                csv: (p) => p.current_posts.map((x) => x.title).join('; '),
              },
              {
                header: 'Last verified',
                cell: (p) => (p.last_verified_on ? formatDate(p.last_verified_on) : 'Never'),
                csv: (p) => p.last_verified_on,
              },
            ]}
            extraCsv={[
              { header: 'Id', value: (p) => p.id },
              { header: 'Stale', value: (p) => (p.stale ? 'yes' : 'no') },
            ]}
          />
          {last > 1 && (
            <nav className="app-pager" aria-label="Pages of people">
              {page > 1 && <Link href={pageHref(page - 1)}>Previous page</Link>}
              <span>
                Page {page} of {last}
              </span>
              {page < last && <Link href={pageHref(page + 1)}>Next page</Link>}
            </nav>
          )}
        </div>
      )}
    </>
  );
}
