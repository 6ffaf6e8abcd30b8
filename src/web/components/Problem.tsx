import { type ReactNode, useEffect, useRef } from 'react';
import type { ApiError } from '../lib/api.ts';
import { Link } from './Link.tsx';

/** People's words for the query parameters the API may reject. */
const FIELD_NAMES: Record<string, string> = {
  as_at: 'Date',
  q: 'Search',
  kind: 'Kind',
  parent: 'Parent',
  limit: 'Number of results',
  cursor: 'Page',
};

/** The NHS.UK error summary for a problem the API reported; takes focus so it is announced and seen. */
export function ErrorSummary({ error }: { error: ApiError }) {
  const lines = [
    ...new Set(error.fieldErrors.map((e) => `${FIELD_NAMES[e.field] ?? e.field}: ${e.message}`)),
  ];
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading" id="error-summary-title">
          There is a problem
        </h2>
        <div className="nhsuk-error-summary__body">
          {lines.length === 0 ? (
            <p>{error.detail || error.title}</p>
          ) : (
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

/** The browser tab title for a page that failed to load. */
export function problemTitle(error: ApiError, notFound = 'Page not found'): string {
  if (error.needsSignIn) return 'Sign in to continue';
  if (error.status === 404) return notFound;
  if (error.status === 400) return 'Error: there is a problem';
  return 'Sorry, there is a problem with the service';
}

export function NotFoundContent({
  heading = 'Page not found',
  detail,
}: {
  heading?: string;
  detail?: string;
}) {
  return (
    <>
      <h1>{heading}</h1>
      {detail && <p>{detail}</p>}
      <p>If you typed the web address, check it is correct.</p>
      <p>If you pasted the web address, check you copied the entire address.</p>
      <p>
        You can <Link href="/search">search by name or ODS code</Link> or go to the{' '}
        <Link href="/">national summary</Link>.
      </p>
    </>
  );
}

/**
 * What a page shows when its data could not be loaded: sign in (401), not found (404), the problem with
 * the request (400, with `children` such as the control to correct it) or a service problem.
 */
export function ProblemPage({
  error,
  heading,
  notFound,
  children,
}: {
  error: ApiError;
  heading: string;
  notFound?: { heading: string; detail: string };
  children?: ReactNode;
}) {
  if (error.needsSignIn) {
    return (
      <>
        <h1>Sign in to continue</h1>
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            You are not signed in
          </h2>
          <p>
            You need to sign in to use the Clinical Network Atlas. If you were signed in, your session may
            have ended.
          </p>
        </div>
      </>
    );
  }
  if (error.status === 404) return <NotFoundContent heading={notFound?.heading} detail={notFound?.detail} />;
  if (error.status >= 400 && error.status < 500) {
    return (
      <>
        <ErrorSummary error={error} />
        <h1>{heading}</h1>
        {children}
      </>
    );
  }
  return (
    <>
      <h1>Sorry, there is a problem with the service</h1>
      <p>Try again later.</p>
      <p className="nhsuk-u-secondary-text-colour">{error.detail}</p>
    </>
  );
}
