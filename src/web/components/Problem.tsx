import { type ReactNode, useEffect, useRef } from 'react';
import { herePath, withNext } from '../auth/next.ts';
import { refreshSession, useSession } from '../auth/session.ts';
import type { ApiError } from '../lib/api.ts';
import { navigate } from '../lib/router.ts';
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
  if (error.needsSecondFactor) return 'Enter your security code';
  if (error.needsSecondFactorSetup) return 'Set up a second factor';
  if (error.status === 403) return 'You cannot see this page';
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
  if (error.needsSignIn) return <SignInToContinue />;
  if (error.needsSecondFactor || error.needsSecondFactorSetup) return <SecondFactorNeeded error={error} />;
  if (error.status === 403) {
    return (
      <>
        <h1>You cannot see this page</h1>
        <p>{sentence(error.detail)}</p>
        <p>
          If you need it, ask an owner or admin of your workspace. You can go back to the{' '}
          <Link href="/">national summary</Link>.
        </p>
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

function sentence(s: string): string {
  const t = s.trim();
  return t ? `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : '';
}

/** The 401 state: not signed in (or the session ended), with a link to sign in and come back here. */
function SignInToContinue() {
  const session = useSession();
  useEffect(() => {
    // The header may still think the session is alive: ask again, so it offers to sign in.
    if (session.status === 'signed_in') void refreshSession();
  }, [session.status]);
  return (
    <>
      <h1>Sign in to continue</h1>
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          You are not signed in
        </h2>
        <p>
          You need to sign in to use the Clinical Network Atlas. If you were signed in, your session may have
          ended.
        </p>
      </div>
      <p>
        <Link className="nhsuk-button" href={withNext('/sign-in', herePath())}>
          Sign in
        </Link>
      </p>
    </>
  );
}

/**
 * Signed in with a password, but the second factor is still owed (enter the code) or the workspace
 * requires one that is not set up: goes straight to the page that does it, coming back here after.
 */
function SecondFactorNeeded({ error }: { error: ApiError }) {
  const target = error.needsSecondFactor ? '/sign-in/second-factor' : '/account/second-factor';
  const href = withNext(target, herePath());
  useEffect(() => {
    if (window.location.pathname !== target) navigate(href, { replace: true });
  }, [href, target]);
  return (
    <>
      <h1>{error.needsSecondFactor ? 'Enter your security code' : 'Set up a second factor'}</h1>
      <p>
        {error.needsSecondFactor
          ? 'To finish signing in, enter the code from your authenticator app.'
          : 'Your workspace requires a second factor. Set one up to carry on.'}
      </p>
      <p>
        <Link href={href}>
          {error.needsSecondFactor ? 'Enter your security code' : 'Set up a second factor'}
        </Link>
      </p>
    </>
  );
}
