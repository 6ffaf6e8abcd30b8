/** The pages of the web app, matched from a path. */
export type Route =
  | { page: 'home' }
  | { page: 'search' }
  | { page: 'organisation'; code: string }
  | { page: 'networks' }
  | { page: 'network'; code: string }
  | { page: 'not_found' };

const CODE = '([A-Za-z0-9][A-Za-z0-9._-]{0,39})';
const ORGANISATION = new RegExp(`^/organisations/${CODE}/?$`);
const NETWORK = new RegExp(`^/networks/${CODE}/?$`);

/** The page for `pathname`; unknown paths give `not_found`. */
export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  if (pathname === '/search' || pathname === '/search/') return { page: 'search' };
  if (pathname === '/networks' || pathname === '/networks/') return { page: 'networks' };
  const organisation = ORGANISATION.exec(pathname);
  if (organisation?.[1]) return { page: 'organisation', code: decodeURIComponent(organisation[1]) };
  const network = NETWORK.exec(pathname);
  if (network?.[1]) return { page: 'network', code: decodeURIComponent(network[1]) };
  return { page: 'not_found' };
}

export const organisationHref = (code: string): string => `/organisations/${encodeURIComponent(code)}`;
export const networkHref = (code: string): string => `/networks/${encodeURIComponent(code)}`;
