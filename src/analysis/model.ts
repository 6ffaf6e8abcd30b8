import {
  LEVELS,
  type Level,
  levelOfOrganisationKind,
  MEMBERSHIP_ROLE_LABELS,
  type MembershipRole,
  type RelationshipConfidence,
  type RelationshipKind,
} from '../core/people.ts';

/**
 * The stakeholder graph as the analyses see it: organisations, networks and people as nodes; links,
 * footprints, posts, memberships and relationships as directed, weighted edges. An edge u → v means
 * "u lends v standing": a practice to its PCN, a committee to its chair, a person to the one they
 * report to. Every weight comes from one table (InfluenceWeights), documented in docs/influence.md
 * and configurable per request.
 */

export const NODE_KINDS = ['organisation', 'network', 'person'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Edge kinds, as stored per edge (an index into this list). */
export const EDGE_KINDS = [
  'part_of', // child organisation → parent (part_of, member_of, commissioned_by, site_of)
  'has_part', // parent → child
  'partner_of',
  'covers', // organisation → network whose footprint includes it
  'covered_by', // network → organisation it covers
  'hosts', // host organisation ↔ network
  'serves_in', // person → organisation or network where they hold a post
  'post', // organisation or network → the person holding a post there
  'member_of', // person or organisation → network they are a member of
  'seat', // network → its member, by role
  'reports_to',
  'influenced_by', // B → A when A influences B
  'advised_by', // B → A when A advises B
  'chairs', // X → A when A chairs X
  'chair_of', // A → X when A chairs X
  'works_with',
  'knows',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export const EDGE_KIND_INDEX = Object.fromEntries(EDGE_KINDS.map((k, i) => [k, i])) as Record<
  EdgeKind,
  number
>;

/** Every weight the graph uses. */
export interface InfluenceWeights {
  damping: number;
  edge: Record<EdgeKind, number>;
  /** multiplies a seat's weight by the member's role in the network */
  role: Record<MembershipRole, number>;
  /** multiplies a post's weight by the persona's category (key personas of source 001 weigh most) */
  persona: { key: number; base: number; custom: number; none: number };
  /** multiplies post and seat weights by the level of the organisation or network */
  level: Record<Level, number>;
  /** the share of random restarts landing on a node, by its level: decision-making levels draw more */
  teleport: Record<Level | 'none', number>;
  /** a relationship's weight is strength (1–5) × its kind's weight × this by confidence */
  confidence: Record<RelationshipConfidence, number>;
  /** a voting member's tie to their network counts this much more */
  voting: number;
}

export const DEFAULT_WEIGHTS: InfluenceWeights = {
  damping: 0.85,
  edge: {
    part_of: 1,
    has_part: 0.25,
    partner_of: 0.5,
    covers: 0.5,
    covered_by: 0.2,
    hosts: 1,
    serves_in: 1,
    post: 2,
    member_of: 1,
    seat: 1,
    reports_to: 1,
    influenced_by: 1,
    advised_by: 0.8,
    chairs: 1.5,
    chair_of: 0.5,
    works_with: 0.5,
    knows: 0.3,
  },
  role: {
    chair: 5,
    clinical_lead: 4,
    nursing_lead: 3,
    professional_lead: 3,
    network_manager: 3,
    deputy: 2,
    member: 1,
    patient_representative: 1,
    observer: 0.3,
  },
  persona: { key: 2, base: 1.5, custom: 1.5, none: 1 },
  level: { national: 1.6, regional: 1.4, system: 1.25, place: 1.1, neighbourhood: 1, provider: 1 },
  teleport: { national: 2, regional: 1.6, system: 1.3, place: 1.1, neighbourhood: 1, provider: 1, none: 1 },
  confidence: { confirmed: 1, likely: 0.75, possible: 0.5 },
  voting: 1.5,
};

/** The weight of a relationship of `kind` from A to B, as the edges it makes (A → B or B → A). */
export function relationshipEdges(
  kind: RelationshipKind,
  strength: number,
  confidence: RelationshipConfidence,
  w: InfluenceWeights,
): { kind: EdgeKind; reverse: boolean; weight: number }[] {
  const s = strength * w.confidence[confidence];
  switch (kind) {
    case 'reports_to':
      return [{ kind: 'reports_to', reverse: false, weight: s * w.edge.reports_to }];
    case 'influences':
      return [{ kind: 'influenced_by', reverse: true, weight: s * w.edge.influenced_by }];
    case 'advises':
      return [{ kind: 'advised_by', reverse: true, weight: s * w.edge.advised_by }];
    case 'chairs':
      return [
        { kind: 'chairs', reverse: true, weight: s * w.edge.chairs },
        { kind: 'chair_of', reverse: false, weight: s * w.edge.chair_of },
      ];
    case 'works_with':
      return [
        { kind: 'works_with', reverse: false, weight: s * w.edge.works_with },
        { kind: 'works_with', reverse: true, weight: s * w.edge.works_with },
      ];
    case 'knows':
      return [
        { kind: 'knows', reverse: false, weight: s * w.edge.knows },
        { kind: 'knows', reverse: true, weight: s * w.edge.knows },
      ];
  }
}

/** The level a network works at, from its kind. */
export function levelOfNetworkKind(kind: string): Level {
  switch (kind) {
    case 'clinical_reference_group':
      return 'national';
    case 'strategic_clinical_network':
    case 'clinical_senate':
    case 'health_innovation_network':
    case 'operational_delivery_network':
      return 'regional';
    default:
      return 'system';
  }
}

export { levelOfOrganisationKind };

/** A level's rank, national highest: for "the highest level a person works at". */
export function levelRank(level: Level): number {
  return LEVELS.length - LEVELS.indexOf(level);
}

/** Why an edge lends standing, in words, seen from the node receiving it ("chairs North … APC"). */
export function explainEdge(kind: EdgeKind, other: string, detail: string | null): string {
  switch (kind) {
    case 'part_of':
      return `${other} is part of it`;
    case 'has_part':
      return `part of ${other}`;
    case 'partner_of':
      return `partner of ${other}`;
    case 'covers':
      return `covers ${other}`;
    case 'covered_by':
      return `in the footprint of ${other}`;
    case 'hosts':
      return `hosted with ${other}`;
    case 'serves_in':
      return `${other} holds a post here${detail ? ` (${detail})` : ''}`;
    case 'post':
      return `${detail ?? 'holds a post'} at ${other}`;
    case 'member_of':
      return `${other} is a member${detail ? ` (${detail})` : ''}`;
    case 'seat':
      return `${detail ?? 'member'} of ${other}`;
    case 'reports_to':
      return `${other} reports to them`;
    case 'influenced_by':
      return `influences ${other}`;
    case 'advised_by':
      return `advises ${other}`;
    case 'chairs':
      return `chairs ${other}`;
    case 'chair_of':
      return `chaired by ${other}`;
    case 'works_with':
      return `works with ${other}`;
    case 'knows':
      return `knows ${other}`;
  }
}

/** A membership role in words, for seat explanations ("Chair", "Clinical lead (lead doctor)"). */
export function roleLabel(role: MembershipRole): string {
  return MEMBERSHIP_ROLE_LABELS[role];
}
