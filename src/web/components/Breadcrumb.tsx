import { Link } from './Link.tsx';

export interface Crumb {
  href: string;
  text: string;
}

/** The NHS.UK breadcrumb: the trail of parents, with a back link to the nearest one on small screens. */
export function Breadcrumb({ items }: { items: readonly Crumb[] }) {
  const last = items[items.length - 1];
  if (!last) return null;
  return (
    <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
      <ol className="nhsuk-breadcrumb__list">
        {items.map((item) => (
          <li className="nhsuk-breadcrumb__list-item" key={item.href}>
            <Link className="nhsuk-breadcrumb__link" href={item.href}>
              {item.text}
            </Link>
          </li>
        ))}
      </ol>
      <Link className="nhsuk-back-link" href={last.href}>
        <span className="nhsuk-u-visually-hidden">Back to </span>
        {last.text}
      </Link>
    </nav>
  );
}
