import {
  MEMBERSHIP_ROLE_LABELS,
  type MembershipRole,
  PROFESSION_LABELS,
  SECTOR_LABELS,
} from '../../core/people.ts';
import type { Membership, Roster } from '../../shared/people-schemas.ts';
import { countOf, listOf } from '../lib/format.ts';

/**
 * A network roster's make-up in words and rows (source 002's tests of a managed network: the triad of
 * lead doctor, lead nurse and lead manager, and patient involvement). Pure: the Roster section draws it.
 */

export type Makeup = Roster['makeup'];
type PersonRef = { id: number; name: string };

/** The three posts of the managed-network triad, in the order the roster shows them. */
export const TRIAD_POSTS = [
  { key: 'lead_doctor', label: 'Lead doctor', role: 'clinical_lead' },
  { key: 'lead_nurse', label: 'Lead nurse', role: 'nursing_lead' },
  { key: 'lead_manager', label: 'Lead manager', role: 'network_manager' },
] as const satisfies readonly { key: keyof Makeup['triad']; label: string; role: MembershipRole }[];

/** One row per triad post: who holds it, or null when it is missing. */
export function triadRows(
  triad: Makeup['triad'],
): { key: string; label: string; role: MembershipRole; person: PersonRef | null }[] {
  return TRIAD_POSTS.map((t) => ({ ...t, person: triad[t.key] }));
}

/**
 * The words beside the triad's Complete or Incomplete tag: "A lead doctor, a lead nurse and a lead
 * manager are all named." or "No lead nurse or lead manager."
 */
export function triadSummary(triad: Makeup['triad']): string {
  const missing = triadRows(triad)
    .filter((r) => r.person === null)
    .map((r) => r.label.toLowerCase());
  if (missing.length === 0) return 'A lead doctor, a lead nurse and a lead manager are all named.';
  const words = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} or ${missing.at(-1)}`;
  return `No ${words}.`;
}

/** The words beside patient involvement's Yes or No tag: "2 patient or carer representatives." */
export function patientInvolvementText(p: Makeup['patient_involvement']): string {
  return p.present
    ? `${countOf(p.members, 'patient or carer representative', 'patient or carer representatives')}.`
    : 'No patient or carer representative sits on it.';
}

/** "14 members: 12 people and 2 organisations. 9 can vote." */
export function makeupSentence(m: Pick<Makeup, 'people' | 'organisations' | 'voting'>): string {
  const total = m.people + m.organisations;
  if (total === 0) return 'No members are recorded on this date.';
  const parts = [];
  if (m.people > 0) parts.push(countOf(m.people, 'person', 'people'));
  if (m.organisations > 0) parts.push(countOf(m.organisations, 'organisation'));
  const voting =
    m.voting === 0 ? 'None can vote.' : m.voting === total ? 'All can vote.' : `${m.voting} can vote.`;
  return `${countOf(total, 'member')}: ${listOf(parts)}. ${voting}`;
}

/** A labelled count: one row of a make-up table. */
export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** A `{key: count}` record as rows, labelled, largest first (ties by label); zero counts left out. */
export function countRows(counts: Record<string, number>, labels: Record<string, string>): CountRow[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, count]) => ({ key, label: labels[key] ?? (key === 'unknown' ? 'Not recorded' : key), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'en-GB'));
}

export const professionLabels: Record<string, string> = PROFESSION_LABELS;
export const sectorLabels: Record<string, string> = SECTOR_LABELS;
export const roleLabels: Record<string, string> = MEMBERSHIP_ROLE_LABELS;

/** The name a member goes by: the person's, or the member organisation's. */
export function memberName(m: Pick<Membership, 'person' | 'organisation'>): string {
  return m.person?.name ?? m.organisation?.name ?? 'Unknown member';
}

/** Members in the order a roster reads: the triad and chair first, then by role, then by name. */
export function sortMembers<M extends Pick<Membership, 'role' | 'person' | 'organisation'>>(
  members: readonly M[],
): M[] {
  const order: readonly string[] = [
    'chair',
    'clinical_lead',
    'nursing_lead',
    'network_manager',
    'professional_lead',
    'deputy',
    'member',
    'patient_representative',
    'observer',
  ];
  const rank = (r: string) => (order.includes(r) ? order.indexOf(r) : order.length);
  return [...members].sort(
    (a, b) => rank(a.role) - rank(b.role) || memberName(a).localeCompare(memberName(b), 'en-GB'),
  );
}
