import {
  DECLARATION_KINDS,
  type DeclarationKind,
  LAWFUL_BASES,
  LAWFUL_BASIS_LABELS,
  type LawfulBasis,
  LEVEL_LABELS,
  LEVELS,
  type Level,
  MEMBERSHIP_ROLE_LABELS,
  MEMBERSHIP_ROLES,
  type MembershipRole,
  PROFESSION_LABELS,
  PROFESSIONS,
  type Profession,
  RELATIONSHIP_CONFIDENCES,
  RELATIONSHIP_KIND_LABELS,
  RELATIONSHIP_KINDS,
  type RelationshipConfidence,
  type RelationshipKind,
  SECTOR_LABELS,
  SECTORS,
  type Sector,
} from '../../core/people.ts';
import { formatDate } from '../lib/format.ts';

/** People's words for the kinds of declared interest. */
export const DECLARATION_KIND_LABELS: Record<DeclarationKind, string> = {
  financial: 'Financial',
  non_financial_professional: 'Non-financial professional',
  non_financial_personal: 'Non-financial personal',
  indirect: 'Indirect',
};

/** People's words for how sure a relationship is. */
export const CONFIDENCE_LABELS: Record<RelationshipConfidence, string> = {
  confirmed: 'Confirmed',
  likely: 'Likely',
  possible: 'Possible',
};

export interface Option {
  value: string;
  text: string;
}

function options<K extends string>(values: readonly K[], labels: Record<K, string>): Option[] {
  return values.map((value) => ({ value, text: labels[value] }));
}

export const PROFESSION_OPTIONS = options(PROFESSIONS, PROFESSION_LABELS);
export const LEVEL_OPTIONS = options(LEVELS, LEVEL_LABELS);
export const LAWFUL_BASIS_OPTIONS = options(LAWFUL_BASES, LAWFUL_BASIS_LABELS);
export const ROLE_OPTIONS = options(MEMBERSHIP_ROLES, MEMBERSHIP_ROLE_LABELS);
export const SECTOR_OPTIONS = options(SECTORS, SECTOR_LABELS);
export const DECLARATION_KIND_OPTIONS = options(DECLARATION_KINDS, DECLARATION_KIND_LABELS);
export const RELATIONSHIP_KIND_OPTIONS = options(RELATIONSHIP_KINDS, RELATIONSHIP_KIND_LABELS);
export const CONFIDENCE_OPTIONS = options(RELATIONSHIP_CONFIDENCES, CONFIDENCE_LABELS);

/** "GP, Pharmacist": a person's professions in people's words. */
export function professionsText(professions: readonly string[]): string {
  return professions.map((p) => PROFESSION_LABELS[p as Profession] ?? p).join(', ');
}

export const levelLabel = (l: string): string => LEVEL_LABELS[l as Level] ?? l;
export const lawfulBasisLabel = (b: string): string => LAWFUL_BASIS_LABELS[b as LawfulBasis] ?? b;
export const roleLabel = (r: string): string => MEMBERSHIP_ROLE_LABELS[r as MembershipRole] ?? r;
export const sectorLabel = (s: string | null): string => (s ? (SECTOR_LABELS[s as Sector] ?? s) : '');
export const kindLabel = (k: string): string => RELATIONSHIP_KIND_LABELS[k as RelationshipKind] ?? k;
export const confidenceLabel = (c: string): string => CONFIDENCE_LABELS[c as RelationshipConfidence] ?? c;
export const declarationKindLabel = (k: string): string => DECLARATION_KIND_LABELS[k as DeclarationKind] ?? k;

/** A dated record's period as people read it: "From 1 April 2024", "1 April 2024 to 31 March 2025". */
export function periodText(p: { valid_from: string | null; valid_to: string | null }): string {
  if (p.valid_from && p.valid_to) return `${formatDate(p.valid_from)} to ${formatDate(p.valid_to)}`;
  if (p.valid_from) return `From ${formatDate(p.valid_from)}`;
  if (p.valid_to) return `Until ${formatDate(p.valid_to)}`;
  return 'No dates recorded';
}

/** True when a period is open on `day` (YYYY-MM-DD): current, as against past or future. */
export function isCurrent(p: { valid_from: string | null; valid_to: string | null }, day: string): boolean {
  return (p.valid_from === null || p.valid_from <= day) && (p.valid_to === null || p.valid_to >= day);
}

/** Today in the UK as YYYY-MM-DD (the web app's only clock: defaults for dates in forms). */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

/** "" for null: a form's text value. */
export const text = (v: string | null | undefined): string => v ?? '';

/** null for an empty string: an optional field's value for the API. */
export const orNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
