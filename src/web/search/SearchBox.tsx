import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { Link } from '../components/Link.tsx';
import { StatusTags } from '../components/Tag.tsx';
import { countOf } from '../lib/format.ts';
import { navigate } from '../lib/router.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { hitDescription, hitHref } from './hits.ts';
import { SEARCH_MIN_LENGTH, useSearch } from './useSearch.ts';

/**
 * Search by name or ODS code as you type: organisations, networks and the workspace's people. Results
 * are a list of links (reach them with Tab or the down arrow; Escape returns to the box); a polite status
 * message announces how many there are. Enter opens the full results page.
 */
export function SearchBox() {
  const id = useId();
  const inputId = `${id}-q`;
  const hintId = `${id}-hint`;
  const resultsId = 'search-results';
  const { asAt, link } = useAsAt();
  const [query, setQuery] = useState('');
  const search = useSearch(query, asAt);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const links = (): HTMLAnchorElement[] => Array.from(listRef.current?.querySelectorAll('a') ?? []);

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      const first = links()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      setQuery('');
    }
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'ArrowDown' && at < all.length - 1) {
      event.preventDefault();
      all[at + 1]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (at <= 0) inputRef.current?.focus();
      else all[at - 1]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      inputRef.current?.focus();
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = query.trim();
    if (q) navigate(link('/search', { q }));
  };

  const q = query.trim();
  let announcement = '';
  if (q.length > 0 && q.length < SEARCH_MIN_LENGTH)
    announcement = `Type at least ${SEARCH_MIN_LENGTH} characters`;
  else if (search.status === 'ok')
    announcement = search.items.length
      ? `${countOf(search.items.length, 'result')} for ${search.q}. Press the down arrow to reach them.`
      : `No results for ${search.q}`;
  else if (search.status === 'error') announcement = search.error.detail || search.error.title;

  const showList = q.length >= SEARCH_MIN_LENGTH && search.items.length > 0;
  return (
    <search className="app-search" aria-label="Organisations, networks and people">
      <form onSubmit={submit}>
        <div className="nhsuk-form-group app-search__group">
          <label className="nhsuk-label nhsuk-label--m" htmlFor={inputId}>
            Search by name or ODS code
          </label>
          <div className="nhsuk-hint" id={hintId}>
            For example, Cheshire or QYG, or the name of a person your workspace holds. Results appear as you
            type.
          </div>
          <div className="app-search__row">
            <input
              ref={inputRef}
              className="nhsuk-input app-search__input"
              id={inputId}
              name="q"
              type="search"
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              value={query}
              aria-describedby={hintId}
              aria-controls={resultsId}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={onInputKeyDown}
            />
            <button className="nhsuk-button nhsuk-button--small app-search__button" type="submit">
              Search
            </button>
          </div>
        </div>
        <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
        {q.length >= SEARCH_MIN_LENGTH && search.status === 'ok' && search.items.length === 0 && (
          <p className="nhsuk-body app-search__none" aria-hidden="true">
            Nothing matches “{search.q}”.
          </p>
        )}
        {search.status === 'error' && (
          <p className="nhsuk-error-message app-search__none">
            <span className="nhsuk-u-visually-hidden">Error:</span>{' '}
            {search.error.detail || search.error.title}
          </p>
        )}
        <ul
          id={resultsId}
          ref={listRef}
          className="app-search__results"
          aria-label="Search results"
          hidden={!showList}
          aria-busy={search.status === 'loading'}
          onKeyDown={onListKeyDown}
        >
          {showList &&
            search.items.map((hit) => (
              <li key={`${hit.type}:${hit.code}`} className="app-search__result">
                <Link href={link(hitHref(hit))} className="app-search__link">
                  <span className="app-search__name">{hit.name}</span>
                  <span className="app-search__meta">{hitDescription(hit)}</span>
                </Link>
                <StatusTags status={hit.status} />
              </li>
            ))}
        </ul>
      </form>
    </search>
  );
}
