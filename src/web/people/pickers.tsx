import './people.css';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { PersonSummary } from '../../shared/people-schemas.ts';
import type { SearchResult } from '../../shared/schemas.ts';
import { apiUrl } from '../lib/api.ts';
import { useApi } from '../lib/useApi.ts';
import { professionsText } from './labels.ts';

/** Something a picker can choose: its code (a person's id as text), name and what tells it apart. */
export interface Choice {
  code: string;
  name: string;
  detail?: string;
}

/** `value`, once it has stayed the same for `ms` milliseconds. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Fewer characters than this and a picker waits. */
const MIN_LENGTH = 2;

export interface PickerProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** What is chosen, or null. */
  value: Choice | null;
  onChange: (choice: Choice | null) => void;
}

/**
 * A labelled text box that looks things up as the person types and offers matches as buttons below it
 * (down arrow to reach them, Escape back to the box); choosing one fills the box and says what was
 * chosen. `lookUp` gives the API URL for a query, `toChoices` turns its answer into choices.
 */
function Typeahead<T>({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  lookUp,
  toChoices,
  noun,
}: PickerProps & {
  lookUp: (q: string) => string;
  toChoices: (data: T) => Choice[];
  noun: string;
}) {
  const [query, setQuery] = useState(value?.name ?? '');
  const [open, setOpen] = useState(false);
  const q = useDebounced(query.trim(), 200);
  const wanted = open && q.length >= MIN_LENGTH && q !== value?.name;
  const state = useApi<T>(wanted ? lookUp(q) : null);
  const choices = state.status === 'ok' ? toChoices(state.data) : [];
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const chosenId = `${id}-chosen`;

  useEffect(() => {
    if (value === null) return;
    setQuery(value.name);
  }, [value]);

  const buttons = (): HTMLButtonElement[] => Array.from(listRef.current?.querySelectorAll('button') ?? []);
  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && buttons()[0]) {
      event.preventDefault();
      buttons()[0]?.focus();
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };
  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
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
  const choose = (c: Choice) => {
    onChange(c);
    setQuery(c.name);
    setOpen(false);
    inputRef.current?.focus();
  };

  let status = '';
  if (wanted && state.status === 'ok')
    status = choices.length ? `${choices.length} matches: press the down arrow to reach them` : 'No matches';
  else if (wanted && state.status === 'error') status = state.error.detail || state.error.title;
  const describedBy = [hint ? hintId : null, error ? errorId : null, value ? chosenId : null]
    .filter(Boolean)
    .join(' ');
  const showList = wanted && choices.length > 0;

  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <span className="nhsuk-error-message" id={errorId}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        ref={inputRef}
        className={
          error ? 'nhsuk-input nhsuk-input--error app-picker__input' : 'nhsuk-input app-picker__input'
        }
        id={id}
        name={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={query}
        aria-describedby={describedBy || undefined}
        aria-controls={`${id}-matches`}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          if (value) onChange(null);
        }}
        onKeyDown={onInputKeyDown}
      />
      {value && (
        <p className="nhsuk-body-s app-picker__chosen" id={chosenId}>
          Chosen: <strong>{value.name}</strong>
          {value.detail ? ` (${value.detail})` : ''}
        </p>
      )}
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {wanted && state.status === 'ok' && choices.length === 0 && (
        <p className="nhsuk-body-s app-picker__none" aria-hidden="true">
          No {noun} match “{q}”.
        </p>
      )}
      <ul
        id={`${id}-matches`}
        ref={listRef}
        className="app-picker__list"
        aria-label={`Matching ${noun}`}
        hidden={!showList}
        onKeyDown={onListKeyDown}
      >
        {showList &&
          choices.map((c) => (
            <li key={c.code}>
              <button type="button" className="app-picker__choice" onClick={() => choose(c)}>
                <span className="app-picker__name">{c.name}</span>
                {c.detail && <span className="app-picker__detail">{c.detail}</span>}
              </button>
            </li>
          ))}
      </ul>
    </div>
  );
}

type SearchItem = SearchResult['items'][number];

function hitChoices(type: string) {
  return (data: SearchResult): Choice[] =>
    data.items
      .filter((h: SearchItem) => (h.type as string) === type)
      .map((h) => ({
        code: h.code,
        name: h.name,
        detail: [h.kind_label, h.code, h.context].filter(Boolean).join(' · '),
      }));
}

/** Chooses an organisation by name or ODS code, through the search API. */
export function OrganisationPicker(props: PickerProps) {
  return (
    <Typeahead<SearchResult>
      {...props}
      noun="organisations"
      lookUp={(q) => apiUrl('/search', { q, limit: 20 })}
      toChoices={hitChoices('organisation')}
    />
  );
}

/** Chooses a clinical network by name or code, through the search API. */
export function NetworkPicker(props: PickerProps) {
  return (
    <Typeahead<SearchResult>
      {...props}
      noun="networks"
      lookUp={(q) => apiUrl('/search', { q, limit: 20 })}
      toChoices={hitChoices('network')}
    />
  );
}

/** Chooses a person of the workspace by name (GET /people?q=), leaving out `exclude` (usually oneself). */
export function PersonPicker({ exclude, ...props }: PickerProps & { exclude?: number }) {
  return (
    <Typeahead<{ items: PersonSummary[] }>
      {...props}
      noun="people"
      lookUp={(q) => apiUrl('/people', { q, limit: 10 })}
      toChoices={(data) =>
        data.items
          .filter((p) => p.id !== exclude)
          .map((p) => {
            const post = p.current_posts[0];
            const at = post ? (post.organisation?.name ?? post.network?.name ?? '') : '';
            return {
              code: String(p.id),
              name: p.name,
              detail:
                [post ? `${post.title}${at ? `, ${at}` : ''}` : '', professionsText(p.professions)]
                  .filter(Boolean)
                  .join(' · ') || undefined,
            };
          })
      }
    />
  );
}
