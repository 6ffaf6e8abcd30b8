import { DECISION_LABELS, type Decision, LEVELS, type PersonaCategory } from '../../core/people.ts';
import type { Persona } from '../../shared/people-schemas.ts';
import { listOf } from '../lib/format.ts';

/** The catalogue's groups in order: source 001's key personas, base roles, the workspace's own. */
export const PERSONA_GROUPS: readonly { category: PersonaCategory; heading: string; intro: string }[] = [
  {
    category: 'key',
    heading: 'Key personas',
    intro: 'The decision-makers a proposal to the NHS most often has to convince.',
  },
  {
    category: 'base',
    heading: 'Base roles',
    intro: 'Common posts in practices, primary care networks, trusts and integrated care boards.',
  },
  {
    category: 'custom',
    heading: 'Your workspace’s own personas',
    intro: 'Added by members of your workspace; only they can see them.',
  },
];

/** The decisions a persona influences, in words: "Formulary, Budget and Pilot adoption". */
export function decisionsText(decisions: readonly string[]): string {
  if (decisions.length === 0) return 'None recorded';
  const words = decisions.map((d) => DECISION_LABELS[d as Decision] ?? d);
  return listOf(words.map((w, i) => (i === 0 ? w : w.charAt(0).toLowerCase() + w.slice(1))));
}

/** Personas in the catalogue's groups (key, base, custom), each by level (national first), then name. */
export function groupPersonas<P extends Pick<Persona, 'category' | 'level' | 'name'>>(
  items: readonly P[],
): { category: PersonaCategory; heading: string; intro: string; items: P[] }[] {
  const rank = (level: string) => {
    const i = (LEVELS as readonly string[]).indexOf(level);
    return i < 0 ? LEVELS.length : i;
  };
  return PERSONA_GROUPS.map((g) => ({
    ...g,
    items: items
      .filter((p) => p.category === g.category)
      .sort((a, b) => rank(a.level) - rank(b.level) || a.name.localeCompare(b.name, 'en-GB')),
  }));
}

/** What the persona form holds before it is sent: looks_for as one line per point. */
export interface PersonaDraft {
  name: string;
  level: string;
  summary: string;
  decisions: string[];
  lookingFor: string;
  professions: string[];
}

/** The points of a "what it looks for" box: one per line, trimmed, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s•*-]+/, '').trim())
    .filter((l) => l !== '');
}

/** A persona draft's problems, by API field name: the same limits the API applies, said in words. */
export function personaDraftProblems(draft: PersonaDraft): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const name = draft.name.trim();
  if (!name) problems.push({ field: 'name', message: 'Enter a name for the persona' });
  else if (name.length > 160)
    problems.push({ field: 'name', message: 'Name must be 160 characters or fewer' });
  if (!(LEVELS as readonly string[]).includes(draft.level)) {
    problems.push({ field: 'level', message: 'Choose the level the persona works at' });
  }
  if (draft.summary.trim().length > 4000) {
    problems.push({ field: 'summary', message: 'Summary must be 4,000 characters or fewer' });
  }
  const points = linesOf(draft.lookingFor);
  if (points.length > 30) {
    problems.push({ field: 'looks_for', message: 'Give at most 30 points, one a line' });
  } else if (points.some((p) => p.length > 400)) {
    problems.push({ field: 'looks_for', message: 'Each point must be 400 characters or fewer' });
  }
  return problems;
}

/** The body to send for a draft (POST /personas, or PATCH with the version added). */
export function personaBody(draft: PersonaDraft): {
  name: string;
  level: string;
  summary: string;
  decisions: string[];
  looks_for: string[];
  professions: string[];
} {
  return {
    name: draft.name.trim(),
    level: draft.level,
    summary: draft.summary.trim(),
    decisions: draft.decisions,
    looks_for: linesOf(draft.lookingFor),
    professions: draft.professions,
  };
}

/** A draft filled from a persona, for editing it. */
export function draftOf(p: Persona): PersonaDraft {
  return {
    name: p.name,
    level: p.level,
    summary: p.summary,
    decisions: [...p.decisions],
    lookingFor: p.looks_for.join('\n'),
    professions: [...p.professions],
  };
}
