import type { ReactNode } from 'react';
import { SERVICE_NAME } from '../lib/useDocumentTitle.ts';
import { Link } from './Link.tsx';

export type Section = 'home' | 'networks' | 'search' | null;

const NAVIGATION: { section: Exclude<Section, null>; href: string; text: string }[] = [
  { section: 'home', href: '/', text: 'National summary' },
  { section: 'networks', href: '/networks', text: 'Clinical networks' },
  { section: 'search', href: '/search', text: 'Search' },
];

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
  return (
    <header className="nhsuk-header">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" href="/" aria-label={`NHS ${SERVICE_NAME} homepage`}>
            <NhsLogo />
            <span className="nhsuk-header__service-name">{SERVICE_NAME}</span>
          </Link>
        </div>
      </div>
      <nav className="nhsuk-header__navigation" aria-label="Menu">
        <div className="nhsuk-header__navigation-container nhsuk-width-container">
          <ul className="nhsuk-header__navigation-list">
            {NAVIGATION.map((item) => {
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
