/** The pages of the web app, matched from a path. */
export type Route =
  | { page: 'home' }
  | { page: 'search' }
  | { page: 'organisation'; code: string }
  | { page: 'networks' }
  | { page: 'network'; code: string }
  | { page: 'sign_in' }
  | { page: 'second_factor' }
  | { page: 'setup' }
  | { page: 'invitation' }
  | { page: 'account_second_factor' }
  | { page: 'account_tokens' }
  | { page: 'workspace_members' }
  | { page: 'workspace_settings' }
  | { page: 'workspace_audit' }
  | { page: 'imports' }
  | { page: 'import'; id: number }
  | { page: 'map' }
  | { page: 'lsoa'; code: string }
  | { page: 'not_found' };

const CODE = '([A-Za-z0-9][A-Za-z0-9._-]{0,39})';
const ORGANISATION = new RegExp(`^/organisations/${CODE}/?$`);
const NETWORK = new RegExp(`^/networks/${CODE}/?$`);
const LSOA = /^\/lsoas\/([A-Za-z][0-9]{8})\/?$/;
const IMPORT = /^\/imports\/([1-9]\d{0,9})\/?$/;

/** Pages with a fixed path (a trailing slash is allowed too). */
const FIXED: Record<string, Route> = {
  '/search': { page: 'search' },
  '/networks': { page: 'networks' },
  '/sign-in': { page: 'sign_in' },
  '/sign-in/second-factor': { page: 'second_factor' },
  '/setup': { page: 'setup' },
  '/invitation': { page: 'invitation' },
  '/account': { page: 'account_tokens' },
  '/account/second-factor': { page: 'account_second_factor' },
  '/account/tokens': { page: 'account_tokens' },
  '/workspace': { page: 'workspace_members' },
  '/workspace/members': { page: 'workspace_members' },
  '/workspace/settings': { page: 'workspace_settings' },
  '/workspace/audit': { page: 'workspace_audit' },
  '/imports': { page: 'imports' },
  '/map': { page: 'map' },
};

/** The page for `pathname`; unknown paths give `not_found`. */
export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  const fixed = FIXED[pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname];
  if (fixed) return fixed;
  const organisation = ORGANISATION.exec(pathname);
  if (organisation?.[1]) return { page: 'organisation', code: decodeURIComponent(organisation[1]) };
  const network = NETWORK.exec(pathname);
  if (network?.[1]) return { page: 'network', code: decodeURIComponent(network[1]) };
  const imported = IMPORT.exec(pathname);
  if (imported?.[1]) return { page: 'import', id: Number(imported[1]) };
  const lsoa = LSOA.exec(pathname);
  if (lsoa?.[1]) return { page: 'lsoa', code: lsoa[1].toUpperCase() };
  return { page: 'not_found' };
}

export const organisationHref = (code: string): string => `/organisations/${encodeURIComponent(code)}`;
export const networkHref = (code: string): string => `/networks/${encodeURIComponent(code)}`;
export const importHref = (id: number): string => `/imports/${id}`;
export const lsoaHref = (code: string): string => `/lsoas/${encodeURIComponent(code)}`;
