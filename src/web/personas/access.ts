import { hasRole, type Me, useSession } from '../auth/session.ts';

/** What the signed-in person may do with people records, which are private to a workspace. */
export interface PeopleAccess {
  /** false while the session is still being asked for */
  known: boolean;
  me: Me | null;
  /** signed in, second factor done, with a current workspace: may read its people */
  read: boolean;
  /** an editor or above: may add and change people, posts and personas */
  write: boolean;
  /** an owner: may change the workspace's freshness setting */
  own: boolean;
}

/**
 * Whether people records can be asked for at all: sections on public pages (an organisation, a network)
 * ask only when this says so, so that someone outside a workspace meets no failed request.
 */
export function usePeopleAccess(): PeopleAccess {
  const session = useSession();
  const me = session.status === 'signed_in' ? session.me : null;
  const read = Boolean(me?.workspace && me.role && me.second_factor.done);
  return {
    known: session.status !== 'loading',
    me,
    read,
    write: read && hasRole(me, 'editor'),
    own: read && hasRole(me, 'owner'),
  };
}
