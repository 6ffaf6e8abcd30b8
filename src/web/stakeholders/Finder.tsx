import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface Found {
  key: string;
  name: string;
  detail?: string;
}

/**
 * A labelled text box with its matches as buttons below it: the down arrow reaches them, the arrows move
 * between them, Escape returns to the box; a polite status says how many there are.
 */
export function Finder({
  id,
  label,
  hint,
  query,
  onQuery,
  found,
  status,
  onChoose,
  noun,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  query: string;
  onQuery: (q: string) => void;
  found: readonly Found[];
  /** what the polite status line announces */
  status: string;
  onChoose: (f: Found) => void;
  noun: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const buttons = (): HTMLButtonElement[] => Array.from(listRef.current?.querySelectorAll('button') ?? []);
  const hintId = `${id}-hint`;

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && buttons()[0]) {
      event.preventDefault();
      buttons()[0]?.focus();
    } else if (event.key === 'Escape' && query) {
      event.preventDefault();
      onQuery('');
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

  return (
    <div className="nhsuk-form-group app-finder">
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={hintId}>
          {hint}
        </div>
      )}
      <input
        ref={inputRef}
        className="nhsuk-input app-finder__input"
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={query}
        aria-describedby={hint ? hintId : undefined}
        aria-controls={`${id}-matches`}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onInputKeyDown}
      />
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      <ul
        id={`${id}-matches`}
        ref={listRef}
        className="app-finder__list"
        aria-label={`Matching ${noun}`}
        hidden={found.length === 0}
        onKeyDown={onListKeyDown}
      >
        {found.map((f) => (
          <li key={f.key}>
            <button
              type="button"
              className="app-finder__choice"
              onClick={() => {
                onChoose(f);
                inputRef.current?.focus();
              }}
            >
              <span className="app-finder__name">{f.name}</span>
              {f.detail && <span className="app-finder__detail">{f.detail}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
