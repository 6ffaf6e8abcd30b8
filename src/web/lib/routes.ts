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
  | { page: 'people' }
  | { page: 'person_new' }
  | { page: 'people_import' }
  | { page: 'people_freshness' }
  | { page: 'person'; id: number }
  | { page: 'person_edit'; id: number }
  | { page: 'person_subject_access'; id: number }
  | { page: 'personas' }
  | { page: 'persona'; code: string }
  | { page: 'stakeholders' }
  | { page: 'stakeholder_weights' }
  | { page: 'not_found' };

const CODE = '([A-Za-z0-9][A-Za-z0-9._-]{0,39})';
const ORGANISATION = new RegExp(`^/organisations/${CODE}/?$`);
/** Network codes are longer: some are slugs of their names (up to 80 characters). */
const NETWORK = /^\/networks\/([A-Za-z0-9][A-Za-z0-9._-]{0,79})\/?$/;
const LSOA = /^\/lsoas\/([A-Za-z][0-9]{8})\/?$/;
const IMPORT = /^\/imports\/([1-9]\d{0,9})\/?$/;
const PERSON = /^\/people\/([1-9]\d{0,14})(?:\/(edit|subject-access))?\/?$/;
const PERSONA = /^\/personas\/([a-z0-9][a-z0-9_-]{1,79})\/?$/;

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
  '/people': { page: 'people' },
  '/people/new': { page: 'person_new' },
  '/people/import': { page: 'people_import' },
  '/people/freshness': { page: 'people_freshness' },
  '/personas': { page: 'personas' },
  '/stakeholders': { page: 'stakeholders' },
  '/stakeholders/weights': { page: 'stakeholder_weights' },
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
  const person = PERSON.exec(pathname);
  if (person?.[1]) {
    const id = Number(person[1]);
    if (!Number.isSafeInteger(id)) return { page: 'not_found' };
    if (person[2] === 'edit') return { page: 'person_edit', id };
    if (person[2] === 'subject-access') return { page: 'person_subject_access', id };
    return { page: 'person', id };
  }
  const persona = PERSONA.exec(pathname);
  if (persona?.[1]) return { page: 'persona', code: persona[1] };
  return { page: 'not_found' };
}

export const organisationHref = (code: string): string => `/organisations/${encodeURIComponent(code)}`;
export const networkHref = (code: string): string => `/networks/${encodeURIComponent(code)}`;
export const importHref = (id: number): string => `/imports/${id}`;
export const lsoaHref = (code: string): string => `/lsoas/${encodeURIComponent(code)}`;
export const personHref = (id: number): string => `/people/${id}`;
export const personEditHref = (id: number): string => `/people/${id}/edit`;
export const subjectAccessHref = (id: number): string => `/people/${id}/subject-access`;
export const personaHref = (code: string): string => `/personas/${encodeURIComponent(code)}`;

/** The workspace's influence weights: every score of the stakeholder map is computed with them. */
export const STAKEHOLDER_WEIGHTS_HREF = '/stakeholders/weights';

/** The stakeholder map's scope meaning the whole country (`?scope=*`). */
export const WHOLE_COUNTRY = '*';

/** The stakeholder map of a scope (an ODS or network code, or WHOLE_COUNTRY), optionally as at a date. */
export const stakeholdersHref = (scope?: string | null, at?: string | null): string => {
  const query = new URLSearchParams();
  if (scope) query.set('scope', scope);
  if (at) query.set('at', at);
  const s = query.toString();
  return s ? `/stakeholders?${s}` : '/stakeholders';
};
