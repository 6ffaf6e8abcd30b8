import { hasRole, useMe } from '../auth/session.ts';
import { Link } from '../components/Link.tsx';
import { stakeholdersHref } from '../lib/routes.ts';

/** For an ICB or a place, a link to its stakeholder map (workspace members only: the map needs one). */
export function StakeholderMapLink({ code, kind }: { code: string; kind: string }) {
  const me = useMe();
  if ((kind !== 'icb' && kind !== 'place') || !hasRole(me, 'viewer')) return null;
  return (
    <p className="nhsuk-body">
      <Link href={stakeholdersHref(code)}>Stakeholder map</Link>
      <span className="nhsuk-u-visually-hidden">
        {' '}
        of this {kind === 'icb' ? 'integrated care board' : 'place'}
      </span>
    </p>
  );
}
