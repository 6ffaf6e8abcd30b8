import { z } from 'zod';
import {
  LEVEL_LABELS,
  LEVELS,
  MEMBERSHIP_ROLE_LABELS,
  MEMBERSHIP_ROLES,
  RELATIONSHIP_CONFIDENCES,
} from '../core/people.ts';
import { DEFAULT_WEIGHTS, EDGE_KINDS, type InfluenceWeights } from './model.ts';

/**
 * A workspace's own influence weights: overrides of DEFAULT_WEIGHTS (src/analysis/model.ts), merged
 * over them, validated, and described one weight at a time for the weights page and the CLI. Pure.
 */

/** The groups of weights that are tables (the rest, `damping` and `voting`, are single numbers). */
export const WEIGHT_TABLES = ['edge', 'role', 'persona', 'level', 'teleport', 'confidence'] as const;
export type WeightTable = (typeof WEIGHT_TABLES)[number];
export const WEIGHT_SCALARS = ['damping', 'voting'] as const;
export type WeightScalar = (typeof WEIGHT_SCALARS)[number];

/** Some of the weights: a deep partial of InfluenceWeights. */
export type WeightOverrides = { [K in WeightScalar]?: number } & {
  [K in WeightTable]?: Partial<InfluenceWeights[K]>;
};

/** The keys of each table, in DEFAULT_WEIGHTS's order. */
const KEYS: Record<WeightTable, readonly string[]> = {
  edge: EDGE_KINDS,
  role: MEMBERSHIP_ROLES,
  persona: Object.keys(DEFAULT_WEIGHTS.persona),
  level: LEVELS,
  teleport: Object.keys(DEFAULT_WEIGHTS.teleport),
  confidence: RELATIONSHIP_CONFIDENCES,
};

/** The range a weight may take. Damping stays well below 1 so the flow converges in its 1000 rounds. */
export interface WeightBounds {
  min: number;
  max: number;
  /** true: `min` itself is not allowed (the weight must be more than it) */
  min_exclusive: boolean;
}
export const DAMPING_BOUNDS: WeightBounds = { min: 0.5, max: 0.95, min_exclusive: false };
export const TELEPORT_BOUNDS: WeightBounds = { min: 0, max: 100, min_exclusive: true };
/** Weights of the structure (posts, seats, organisation links, footprints and their multipliers). */
export const STRUCTURE_BOUNDS: WeightBounds = { min: 0, max: 100, min_exclusive: true };
export const WEIGHT_BOUNDS: WeightBounds = { min: 0, max: 100, min_exclusive: false };

/**
 * Relationship edges, and the confidence multiplier of relationships, may be 0: it leaves those ties
 * out of the graph ("ignore possible ties"). Every other weight must be more than 0: an edge of weight
 * 0 is not made, and the structure's edges are what scopes, reach and persona coverage follow (a seat
 * of weight 0 would take a network's members out of its scope).
 */
const MAY_BE_ZERO = new Set([
  'edge.reports_to',
  'edge.influenced_by',
  'edge.advised_by',
  'edge.chairs',
  'edge.chair_of',
  'edge.works_with',
  'edge.knows',
]);

export function boundsOf(path: string): WeightBounds {
  if (path === 'damping') return DAMPING_BOUNDS;
  if (path.startsWith('teleport.')) return TELEPORT_BOUNDS;
  if (MAY_BE_ZERO.has(path) || path.startsWith('confidence.')) return WEIGHT_BOUNDS;
  return STRUCTURE_BOUNDS;
}

/** What a weight must be, in words: "must be from 0.5 to 0.95". */
export function boundsText(b: WeightBounds): string {
  return b.min_exclusive
    ? `must be more than ${b.min} and at most ${b.max}`
    : `must be from ${b.min} to ${b.max}`;
}

const weight = (b: WeightBounds) => {
  const n = z.number({ error: `must be a number (${boundsText(b).slice(5)})` });
  const low = b.min_exclusive
    ? n.gt(b.min, { error: boundsText(b) })
    : n.min(b.min, { error: boundsText(b) });
  return low.max(b.max, { error: boundsText(b) });
};
const unknownKey = (known: readonly string[], what: string) =>
  z.custom<never>(() => false, { error: `is not ${what}: expected one of ${known.join(', ')}` });

const table = (t: WeightTable) =>
  z
    .object(Object.fromEntries(KEYS[t].map((k) => [k, weight(boundsOf(`${t}.${k}`)).optional()])), {
      error: `must be an object of weights, like {"${KEYS[t][0]}": 1}`,
    })
    .catchall(unknownKey(KEYS[t], `a weight of ${t}`));

/**
 * Overrides as a client sends them: only known weights, each a finite number in its range (damping
 * 0.5–0.95; restart weights more than 0, since a zero restart everywhere would divide by zero;
 * relationship edges and confidence 0–100; every other weight more than 0 and at most 100: see
 * `boundsOf`). An error's path names the field: `damping`, `teleport.system`, `edge.frobs`.
 */
export const WeightOverridesSchema: z.ZodType<WeightOverrides> = z
  .object(
    {
      damping: weight(DAMPING_BOUNDS).optional(),
      voting: weight(boundsOf('voting')).optional(),
      ...Object.fromEntries(WEIGHT_TABLES.map((t) => [t, table(t).optional()])),
    },
    { error: 'must be an object of weights, like {"edge": {"knows": 1}}' },
  )
  .catchall(
    unknownKey([...WEIGHT_SCALARS, ...WEIGHT_TABLES], 'a group of weights'),
  ) as z.ZodType<WeightOverrides>;

/** A field's problem, as the API and the CLI report it. */
export interface WeightProblem {
  field: string;
  message: string;
}

/** Checks overrides as sent: the overrides (only those differing from the defaults), or every problem. */
export function checkOverrides(
  value: unknown,
): { ok: true; overrides: WeightOverrides } | { ok: false; errors: WeightProblem[] } {
  const r = WeightOverridesSchema.safeParse(value);
  if (r.success) return { ok: true, overrides: normaliseOverrides(r.data) };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({
      field: i.path.map(String).join('.') || 'overrides',
      message: i.message,
    })),
  };
}

/**
 * Overrides as stored, read leniently: known weights with values in range, anything else left out
 * (a weight dropped from the model in a later version must not stop the graph from building).
 */
export function storedOverrides(value: unknown): WeightOverrides {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of WEIGHT_SCALARS) {
    if (weight(boundsOf(s)).safeParse(v[s]).success) out[s] = v[s];
  }
  for (const t of WEIGHT_TABLES) {
    const g = v[t];
    if (!g || typeof g !== 'object' || Array.isArray(g)) continue;
    const kept: Record<string, number> = {};
    for (const k of KEYS[t]) {
      const x = (g as Record<string, unknown>)[k];
      if (weight(boundsOf(`${t}.${k}`)).safeParse(x).success) kept[k] = x as number;
    }
    out[t] = kept;
  }
  return normaliseOverrides(out as WeightOverrides);
}

/** Only the overrides that differ from the defaults, groups in DEFAULT_WEIGHTS's order, none empty. */
export function normaliseOverrides(o: WeightOverrides): WeightOverrides {
  const out: Record<string, unknown> = {};
  for (const s of WEIGHT_SCALARS) {
    const x = o[s];
    if (x !== undefined && x !== DEFAULT_WEIGHTS[s]) out[s] = x;
  }
  for (const t of WEIGHT_TABLES) {
    const g = o[t] as Record<string, number | undefined> | undefined;
    if (!g) continue;
    const d = DEFAULT_WEIGHTS[t] as Record<string, number>;
    const kept: Record<string, number> = {};
    for (const k of KEYS[t]) if (g[k] !== undefined && g[k] !== d[k]) kept[k] = g[k]!;
    if (Object.keys(kept).length > 0) out[t] = kept;
  }
  return out as WeightOverrides;
}

/** The weights to compute with: `overrides` over DEFAULT_WEIGHTS, as a new object (the defaults untouched). */
export function effectiveWeights(overrides: WeightOverrides = {}): InfluenceWeights {
  const d = DEFAULT_WEIGHTS;
  const o = overrides;
  return {
    damping: o.damping ?? d.damping,
    edge: { ...d.edge, ...defined(o.edge) },
    role: { ...d.role, ...defined(o.role) },
    persona: { ...d.persona, ...defined(o.persona) },
    level: { ...d.level, ...defined(o.level) },
    teleport: { ...d.teleport, ...defined(o.teleport) },
    confidence: { ...d.confidence, ...defined(o.confidence) },
    voting: o.voting ?? d.voting,
  };
}

function defined<T extends object>(g: T | undefined): Partial<T> {
  if (!g) return {};
  return Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Every weight by its path (`damping`, `edge.knows`), in DEFAULT_WEIGHTS's order. */
export function flatWeights(w: InfluenceWeights): [string, number][] {
  const out: [string, number][] = [['damping', w.damping]];
  for (const t of WEIGHT_TABLES) {
    const g = w[t] as Record<string, number>;
    for (const k of KEYS[t]) out.push([`${t}.${k}`, g[k]!]);
  }
  out.push(['voting', w.voting]);
  return out;
}

/** The weights whose values differ between two sets, with both values: what an audit entry records. */
export function changedWeights(
  before: InfluenceWeights,
  after: InfluenceWeights,
): { weight: string; from: number; to: number }[] {
  const a = new Map(flatWeights(after));
  return flatWeights(before)
    .filter(([p, v]) => a.get(p) !== v)
    .map(([p, v]) => ({ weight: p, from: v, to: a.get(p)! }));
}

/** True when two sets of weights are the same everywhere. */
export function sameWeights(a: InfluenceWeights, b: InfluenceWeights): boolean {
  return a === b || changedWeights(a, b).length === 0;
}

/** The groups in the order the page and the CLI show them, with a heading and what they do. */
export const WEIGHT_GROUPS = [
  { group: 'general', title: 'The flow', summary: 'How much standing passes along ties, and a voting seat.' },
  {
    group: 'edge',
    title: 'Ties',
    summary: 'The weight of each kind of tie; posts, seats and relationships are then multiplied below.',
  },
  { group: 'role', title: 'Roles in a network', summary: "Multiply a seat's weight by the member's role." },
  { group: 'persona', title: 'Personas', summary: "Multiply a post's weight by its persona." },
  {
    group: 'level',
    title: 'Levels',
    summary: 'Multiply post and seat weights by the level of the organisation or network.',
  },
  {
    group: 'teleport',
    title: 'Restart by level',
    summary: "Where the flow restarts: each node's share, by its level, scaled to sum to 1.",
  },
  {
    group: 'confidence',
    title: 'Confidence',
    summary:
      "Multiply a relationship's weight (its kind's weight × its strength 1–5) by how sure you are of it.",
  },
] as const;
export type WeightGroup = (typeof WEIGHT_GROUPS)[number]['group'];

const EDGE_MEANINGS: Record<(typeof EDGE_KINDS)[number], [string, string]> = {
  part_of: ['Part of', 'child organisation → its parent (ODS part of, member of, commissioned by, site of)'],
  has_part: ['Has part', 'parent organisation → each child'],
  partner_of: ['Partner of', 'between partner organisations, both ways'],
  covers: ['Covers', 'organisation → a network whose footprint includes it'],
  covered_by: ['Covered by', 'network → each organisation in its footprint'],
  hosts: ['Hosts', 'host organisation ↔ the network it hosts, both ways'],
  serves_in: ['Serves in', 'person → each organisation or network where they hold a post'],
  post: ['Post', 'organisation or network → the person holding a post there (× persona × level)'],
  member_of: ['Member of', 'member → the network (× voting seat for a voting member)'],
  seat: ['Seat', "network → its member (× role × the network's level)"],
  reports_to: ['Reports to', 'A → B when A reports to B (× strength × confidence)'],
  influenced_by: ['Influences', 'B → A when A influences B (× strength × confidence)'],
  advised_by: ['Advises', 'B → A when A advises B (× strength × confidence)'],
  chairs: ['Chairs', 'X → A when A chairs X (× strength × confidence)'],
  chair_of: ['Chaired by', 'A → X when A chairs X (× strength × confidence)'],
  works_with: ['Works with', 'both ways between people who work together (× strength × confidence)'],
  knows: ['Knows', 'both ways between people who know each other (× strength × confidence)'],
};

const PERSONA_MEANINGS: Record<keyof InfluenceWeights['persona'], [string, string]> = {
  key: ['Key persona', 'a post with one of the ten key personas of source 001'],
  base: ['Base role', "a post with a base role of the personas' catalogue"],
  custom: ["Workspace's own persona", "a post with one of the workspace's own personas"],
  none: ['No persona', 'a post with no persona'],
};

const CONFIDENCE_LABELS: Record<(typeof RELATIONSHIP_CONFIDENCES)[number], string> = {
  confirmed: 'Confirmed',
  likely: 'Likely',
  possible: 'Possible',
};

/** The label and one-line meaning of a weight, from docs/influence.md. */
function describe(path: string): { group: WeightGroup; key: string; label: string; meaning: string } {
  if (path === 'damping') {
    return {
      group: 'general',
      key: 'damping',
      label: 'Damping',
      meaning:
        "the share of each node's score passed on along its ties each round; the rest restarts by level",
    };
  }
  if (path === 'voting') {
    return {
      group: 'general',
      key: 'voting',
      label: 'Voting seat',
      meaning: "multiplies a voting member's tie to their network",
    };
  }
  const [t, key] = path.split('.') as [WeightTable, string];
  switch (t) {
    case 'edge': {
      const [label, meaning] = EDGE_MEANINGS[key as (typeof EDGE_KINDS)[number]];
      return { group: t, key, label, meaning };
    }
    case 'role': {
      const label = MEMBERSHIP_ROLE_LABELS[key as (typeof MEMBERSHIP_ROLES)[number]];
      return { group: t, key, label, meaning: `multiplies the seat of a network's ${label.toLowerCase()}` };
    }
    case 'persona': {
      const [label, meaning] = PERSONA_MEANINGS[key as keyof InfluenceWeights['persona']];
      return { group: t, key, label, meaning: `multiplies ${meaning}` };
    }
    case 'level': {
      const label = LEVEL_LABELS[key as (typeof LEVELS)[number]];
      return {
        group: t,
        key,
        label,
        meaning: `multiplies posts and seats at a ${label.toLowerCase()} organisation or network`,
      };
    }
    case 'teleport': {
      const label = key === 'none' ? 'No level' : LEVEL_LABELS[key as (typeof LEVELS)[number]];
      return {
        group: t,
        key,
        label,
        meaning:
          key === 'none'
            ? 'restart weight of a node with no level (a person holding no post or seat)'
            : `restart weight of a ${label.toLowerCase()} node`,
      };
    }
    case 'confidence': {
      const label = CONFIDENCE_LABELS[key as (typeof RELATIONSHIP_CONFIDENCES)[number]];
      return {
        group: t,
        key,
        label,
        meaning: `multiplies a relationship recorded as ${label.toLowerCase()}`,
      };
    }
  }
}

/** One weight as the weights page and `atlas analyse weights` list it. */
export interface WeightInfo extends WeightBounds {
  /** where it sits in the overrides: `damping`, `edge.knows` */
  path: string;
  group: WeightGroup;
  key: string;
  label: string;
  meaning: string;
  default: number;
  value: number;
  /** true when the workspace's value differs from the default */
  overridden: boolean;
}

/** Every weight, in order, with its group, meaning, default and the value `overrides` give it. */
export function describeWeights(overrides: WeightOverrides = {}): WeightInfo[] {
  const defaults = new Map(flatWeights(DEFAULT_WEIGHTS));
  const groupOrder = WEIGHT_GROUPS.map((g) => g.group as string);
  return flatWeights(effectiveWeights(overrides))
    .map(([path, value]) => {
      const d = defaults.get(path)!;
      return { path, ...describe(path), default: d, value, overridden: value !== d, ...boundsOf(path) };
    })
    .sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group));
}
