import { networkHref, organisationHref, personHref } from '../lib/routes.ts';
import type { SearchHit } from './useSearch.ts';

/** The page a search hit leads to: a person's (the hit's code is their id), a network's, an organisation's. */
export function hitHref(hit: SearchHit): string {
  if (hit.type === 'person') return personHref(Number(hit.code));
  return hit.type === 'network' ? networkHref(hit.code) : organisationHref(hit.code);
}

/** A person hit's post (its kind label: their current post's title, else a profession), if it has one. */
function post(hit: SearchHit): string | null {
  return hit.kind_label && hit.kind_label !== 'Person' ? hit.kind_label : null;
}

/** What a hit is, for a table's Kind column: "Integrated care board", or "Person: Practice manager". */
export function hitKind(hit: SearchHit): string {
  if (hit.type !== 'person') return hit.kind_label;
  const p = post(hit);
  return p ? `Person: ${p}` : 'Person';
}

/** A hit's code as people use it: an ODS or network code; nothing for a person (their id means nothing). */
export function hitCode(hit: SearchHit): string {
  return hit.type === 'person' ? '' : hit.code;
}

/**
 * The words that tell like-named hits apart: "Integrated care board · QYG · North West", or for a
 * person "Person · Practice manager · Riverside Surgery" (their post and where it is held).
 */
export function hitDescription(hit: SearchHit): string {
  if (hit.type === 'person') return ['Person', post(hit), hit.context].filter(Boolean).join(' · ');
  return [hit.kind_label, hit.code, hit.context].filter(Boolean).join(' · ');
}
