import { networkHref, organisationHref } from '../lib/routes.ts';
import type { SearchHit } from './useSearch.ts';

/** The page a search hit leads to. */
export function hitHref(hit: SearchHit): string {
  return hit.type === 'network' ? networkHref(hit.code) : organisationHref(hit.code);
}

/** The words that tell like-named hits apart: "Integrated care board · QYG · North West". */
export function hitDescription(hit: SearchHit): string {
  return [hit.kind_label, hit.code, hit.context].filter(Boolean).join(' · ');
}
