import { type FormEvent, useEffect, useId, useState } from 'react';
import type { SearchResult } from '../../shared/schemas.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ErrorSummary } from '../components/Problem.tsx';
import { StatusTags } from '../components/Tag.tsx';
import { apiUrl } from '../lib/api.ts';
import { countOf, formatDate, slug } from '../lib/format.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { hitCode, hitHref, hitKind } from './hits.ts';
import type { SearchHit } from './useSearch.ts';

/**
 * /search?q=: every organisation and network matching a name or ODS code, and the workspace's people
 * matching a name (with their post), as a downloadable table.
 */
export function SearchPage() {
  const { search } = useLocation();
  const { asAt, link } = useAsAt();
  const q = (search.get('q') ?? '').trim();
  const [draft, setDraft] = useState(q);
  const inputId = useId();
  useEffect(() => setDraft(q), [q]);

  const state = useApi<SearchResult>(q ? apiUrl('/search', { q, as_at: asAt, limit: 50 }) : null);
  useDocumentTitle(q ? `Search results for ${q}` : 'Search');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(link('/search', { q: draft.trim() || null }));
  };

  return (
    <>
      {state.status === 'error' && <ErrorSummary error={state.error} />}
      <h1>{q ? `Search results for “${q}”` : 'Search'}</h1>
      <search className="app-search" aria-label="Organisations, networks and people">
        <form onSubmit={submit}>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label nhsuk-label--s" htmlFor={inputId}>
              Search by name or ODS code
            </label>
            <div className="app-search__row">
              <input
                className="nhsuk-input app-search__input"
                id={inputId}
                name="q"
                type="search"
                autoComplete="off"
                spellCheck={false}
                maxLength={200}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              />
              <button className="nhsuk-button nhsuk-button--small app-search__button" type="submit">
                Search
              </button>
            </div>
          </div>
        </form>
      </search>
      {q && state.status === 'loading' && <Loading what="Searching" />}
      {state.status === 'ok' && (
        <DataTable<SearchHit>
          caption="Results"
          captionDetail={`(${countOf(state.data.items.length, 'match', 'matches')} as at ${formatDate(state.data.as_at)})`}
          rows={state.data.items}
          rowKey={(h) => `${h.type}:${h.code}`}
          filename={`search-${slug(q)}-${state.data.as_at}`}
          emptyText={`Nothing matches “${q}”. Check the spelling or try an ODS code.`}
          columns={[
            {
              header: 'Name',
              cell: (h) => <Link href={link(hitHref(h))}>{h.name}</Link>,
              csv: (h) => h.name,
            },
            { header: 'Code', cell: (h) => hitCode(h), csv: (h) => hitCode(h) },
            { header: 'Kind', cell: (h) => hitKind(h), csv: (h) => hitKind(h) },
            { header: 'Where', cell: (h) => h.context ?? '', csv: (h) => h.context },
            {
              header: 'Status',
              cell: (h) => (h.status === 'open' ? 'Open' : <StatusTags status={h.status} />),
              csv: (h) => h.status,
            },
          ]}
          extraCsv={[
            { header: 'Type', value: (h) => h.type },
            { header: 'Person id', value: (h) => (h.type === 'person' ? h.code : '') },
          ]}
        />
      )}
    </>
  );
}
