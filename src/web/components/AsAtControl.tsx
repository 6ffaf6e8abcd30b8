import { type FormEvent, useEffect, useId, useState } from 'react';
import { formatDate, isIsoDate } from '../lib/format.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { Link } from './Link.tsx';

function todayHref(): string {
  const params = new URLSearchParams(window.location.search);
  params.delete('as_at');
  params.delete('cursor');
  const query = params.toString();
  return query ? `${window.location.pathname}?${query}` : window.location.pathname;
}

/**
 * The "as at" date of a page: a labelled date input kept in the URL (?as_at=). `effective` is the date
 * the data on show is for (the server's today when none is chosen).
 */
export function AsAtControl({ effective }: { effective?: string }) {
  const { asAt, setAsAt } = useAsAt();
  const id = useId();
  const [value, setValue] = useState(asAt ?? effective ?? '');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setValue(asAt ?? effective ?? '');
    setError(null);
  }, [asAt, effective]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (value === '') {
      setAsAt(null);
      return;
    }
    if (!isIsoDate(value)) {
      setError('Enter a real date, for example 1 April 2026');
      return;
    }
    setError(null);
    setAsAt(value);
  };

  const inputId = `${id}-as-at`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <form className="app-as-at" onSubmit={submit} noValidate aria-label="Date to show">
      <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor={inputId}>
          Show the structure as at
        </label>
        <div className="nhsuk-hint" id={hintId}>
          {effective ? `Showing ${formatDate(effective)}.` : 'Choose a date.'} Organisations open on that date
          are shown.
        </div>
        {error && (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        <div className="app-as-at__row">
          <input
            className={
              error
                ? 'nhsuk-input nhsuk-input--width-10 nhsuk-input--error'
                : 'nhsuk-input nhsuk-input--width-10'
            }
            id={inputId}
            name="as_at"
            type="date"
            value={value}
            min="2013-04-01"
            max="2035-12-31"
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            onChange={(e) => setValue(e.target.value)}
          />
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
            Show
          </button>
          {asAt && (
            <Link href={todayHref()} className="nhsuk-link app-as-at__today">
              Show today
            </Link>
          )}
        </div>
      </div>
    </form>
  );
}
