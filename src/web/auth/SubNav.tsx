import { Link } from '../components/Link.tsx';
import { useLocation } from '../lib/router.ts';

/** A row of links between the pages of one area (your account, your workspace), the current one marked. */
export function SubNav({
  label,
  items,
}: {
  label: string;
  items: readonly { href: string; text: string }[];
}) {
  const { pathname } = useLocation();
  return (
    <nav className="app-subnav" aria-label={label}>
      <ul className="app-subnav__list">
        {items.map((item) => {
          const current = pathname === item.href;
          return (
            <li
              className={current ? 'app-subnav__item app-subnav__item--current' : 'app-subnav__item'}
              key={item.href}
            >
              <Link
                className="nhsuk-link app-subnav__link"
                href={item.href}
                aria-current={current ? 'page' : undefined}
              >
                {item.text}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The pages of your account. */
export function AccountNav() {
  return (
    <SubNav
      label="Your account"
      items={[
        { href: '/account/tokens', text: 'API tokens' },
        { href: '/account/second-factor', text: 'Second factor' },
      ]}
    />
  );
}
