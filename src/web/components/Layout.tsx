import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { forgetSession, hasRole, type Me, refreshSession, reloadData, useSession } from '../auth/session.ts';
import { send } from '../lib/api.ts';
import { navigate } from '../lib/router.ts';
import { SERVICE_NAME } from '../lib/useDocumentTitle.ts';
import { Link } from './Link.tsx';

export type Section =
  | 'home'
  | 'networks'
  | 'people'
  | 'personas'
  | 'stakeholders'
  | 'map'
  | 'search'
  | 'imports'
  | 'workspace'
  | 'account'
  | null;

const NAVIGATION: { section: Exclude<Section, null>; href: string; text: string }[] = [
  { section: 'home', href: '/', text: 'National summary' },
  { section: 'networks', href: '/networks', text: 'Clinical networks' },
  { section: 'map', href: '/map', text: 'Map' },
  { section: 'search', href: '/search', text: 'Search' },
];

/** The navigation that members of a workspace also get: its people, the persona catalogue and the stakeholder map. */
const MEMBER_NAVIGATION: typeof NAVIGATION = [
  { section: 'people', href: '/people', text: 'People' },
  { section: 'personas', href: '/personas', text: 'Personas' },
  { section: 'stakeholders', href: '/stakeholders', text: 'Stakeholder map' },
];

/** The navigation that admins of the current workspace also get. */
const ADMIN_NAVIGATION: typeof NAVIGATION = [
  { section: 'imports', href: '/imports', text: 'Imports' },
  { section: 'workspace', href: '/workspace/members', text: 'Workspace' },
];

function UserIcon() {
  return (
    <svg
      className="nhsuk-icon nhsuk-icon--user"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      focusable="false"
      aria-hidden="true"
    >
      <path d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z" />
    </svg>
  );
}

/** Choose another of your workspaces: a labelled select and a button (choosing alone changes nothing). */
function WorkspaceSwitcher({ me }: { me: Me }) {
  const current = me.workspace?.id;
  const [chosen, setChosen] = useState(String(current ?? ''));
  const [problem, setProblem] = useState('');
  useEffect(() => setChosen(String(current ?? '')), [current]);

  if (me.workspaces.length <= 1) {
    return me.workspace ? (
      <span className="app-header-account-name">Workspace: {me.workspace.name}</span>
    ) : null;
  }
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (Number(chosen) === current) return;
    setProblem('');
    try {
      await send('POST', '/me/workspace', { workspace_id: Number(chosen) });
      await refreshSession();
      reloadData();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <form className="app-header-workspace" onSubmit={submit} noValidate>
      <label className="nhsuk-label" htmlFor="header-workspace">
        Workspace
      </label>
      <select
        className="nhsuk-select"
        id="header-workspace"
        name="workspace_id"
        value={chosen}
        onChange={(e) => setChosen(e.target.value)}
      >
        {current === undefined && <option value="">Choose a workspace</option>}
        {me.workspaces.map((w) => (
          <option key={w.id} value={String(w.id)}>
            {w.name}
          </option>
        ))}
      </select>
      <button className="nhsuk-button nhsuk-button--reverse nhsuk-button--small" type="submit">
        Switch<span className="nhsuk-u-visually-hidden"> workspace</span>
      </button>
      {problem && <span role="alert">{problem}</span>}
    </form>
  );
}

/** The account bar: who is signed in, their workspace, their account pages and signing out. */
function Account() {
  const session = useSession();
  if (session.status === 'loading' || session.status === 'error') return null;
  if (session.status === 'signed_out') {
    const here = window.location.pathname;
    if (here === '/sign-in' || here === '/setup' || here === '/invitation') return null;
    return (
      <nav className="nhsuk-header__account" aria-label="Account">
        <ul className="nhsuk-header__account-list">
          <li className="nhsuk-header__account-item">
            <Link className="nhsuk-header__account-link" href="/sign-in">
              <UserIcon />
              Sign in
            </Link>
          </li>
        </ul>
      </nav>
    );
  }
  const me = session.me;
  const signOut = async () => {
    try {
      await send('POST', '/auth/sign-out');
    } catch {
      // Signed out already, or the server is unreachable: either way, forget the session here.
    }
    forgetSession();
    navigate('/sign-in');
  };
  return (
    <nav className="nhsuk-header__account" aria-label="Account">
      <ul className="nhsuk-header__account-list">
        <li className="nhsuk-header__account-item">
          {me.second_factor.done ? (
            <Link className="nhsuk-header__account-link" href="/account/tokens">
              <UserIcon />
              <span>
                {me.user.email}
                <span className="nhsuk-u-visually-hidden"> (your account)</span>
              </span>
            </Link>
          ) : (
            <>
              <UserIcon />
              {me.user.email}
            </>
          )}
        </li>
        {me.second_factor.done && (
          <li className="nhsuk-header__account-item">
            <WorkspaceSwitcher me={me} />
          </li>
        )}
        <li className="nhsuk-header__account-item">
          <button className="nhsuk-header__account-button" type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </li>
      </ul>
    </nav>
  );
}

function NhsLogo() {
  return (
    <svg
      className="nhsuk-header__logo"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 200 80"
      height="40"
      width="100"
      focusable="false"
      role="img"
      aria-label="NHS"
    >
      <title>NHS</title>
      <path
        fill="currentcolor"
        d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
      />
    </svg>
  );
}

/** The NHS.UK header with the service name and the main navigation. */
export function Header({ current }: { current: Section }) {
  const session = useSession();
  const me = session.status === 'signed_in' ? session.me : null;
  const navigation = [
    ...NAVIGATION.slice(0, 2),
    ...(hasRole(me, 'viewer') ? MEMBER_NAVIGATION : []),
    ...NAVIGATION.slice(2),
    ...(hasRole(me, 'admin') ? ADMIN_NAVIGATION : []),
  ];
  return (
    <header className="nhsuk-header">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" href="/" aria-label={`NHS ${SERVICE_NAME} homepage`}>
            <NhsLogo />
            <span className="nhsuk-header__service-name">{SERVICE_NAME}</span>
          </Link>
        </div>
        <Account />
      </div>
      <nav className="nhsuk-header__navigation" aria-label="Menu">
        <div className="nhsuk-header__navigation-container nhsuk-width-container">
          <ul className="nhsuk-header__navigation-list">
            {navigation.map((item) => {
              const isCurrent = item.section === current;
              return (
                <li
                  key={item.href}
                  className={`nhsuk-header__navigation-item${isCurrent ? ' nhsuk-header__navigation-item--current' : ''}`}
                >
                  <Link
                    className="nhsuk-header__navigation-link"
                    href={item.href}
                    aria-current={isCurrent ? 'page' : undefined}
                  >
                    {isCurrent ? (
                      <strong className="nhsuk-header__navigation-item-current-fallback">{item.text}</strong>
                    ) : (
                      item.text
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      </nav>
    </header>
  );
}

/** The NHS.UK footer: where the data comes from and how to reach it. */
export function Footer() {
  return (
    <footer className="nhsuk-footer">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <ul className="nhsuk-footer__list">
            <li className="nhsuk-footer__list-item">
              <a className="nhsuk-footer__list-item-link" href="/api/docs">
                API documentation
              </a>
            </li>
            <li className="nhsuk-footer__list-item">
              <a className="nhsuk-footer__list-item-link" href="/api/v1/openapi.json">
                OpenAPI description
              </a>
            </li>
          </ul>
          <p className="nhsuk-body-s">
            Organisation data from the NHS Organisation Data Service and the Office for National Statistics,
            under the Open Government Licence v3.0.
          </p>
        </div>
      </div>
    </footer>
  );
}

/** The page frame: skip link, header, main content (focus target after navigation) and footer. */
export function Layout({
  current,
  beforeContent,
  children,
}: {
  current: Section;
  beforeContent?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <Header current={current} />
      <div className="nhsuk-width-container">
        {beforeContent}
        <main className="nhsuk-main-wrapper app-main" id="maincontent" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}
