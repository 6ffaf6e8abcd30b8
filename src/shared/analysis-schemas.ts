import { z } from 'zod';
import { WEIGHT_GROUPS, type WeightGroup, WeightOverridesSchema } from '../analysis/weights.ts';
import { IsoDate } from './schemas.ts';

/**
 * The stakeholder-map API's contract (issue 6): rankings, explanations, brokers, communities,
 * chains, introductions, coverage, comparisons and the graph for the map. Node ids are the graph's
 * stable ids: `org:CODE`, `net:CODE`, `person:ID` (as in every export). Every answer says which
 * data version it was computed on (`data_version`, `built_at`): after a change the previous graph
 * is served while a fresh one is built in the background.
 */

export const MeasureName = z.enum(['influence', 'pagerank', 'degree', 'betweenness']);
export const NodeKindName = z.enum(['organisation', 'network', 'person']);
export const GraphFormatName = z.enum(['json', 'graphml', 'gexf']);

/** Query shared by the analysis routes. */
export const AnalysisQuery = z.object({
  /** an organisation (ODS code) or network code; absent: the whole country */
  scope: z.string().trim().max(80).optional(),
  at: IsoDate.optional(),
  /** 'false': reference data only, without the workspace's people and ties */
  workspace: z.enum(['true', 'false']).default('true'),
});

const Meta = {
  as_at: IsoDate,
  scope: z.string().nullable(),
  nodes: z.number().int(),
  edges: z.number().int(),
  data_version: z.string(),
  built_at: z.string(),
};

export const RankedNode = z.object({
  id: z.string(),
  name: z.string(),
  kind: NodeKindName,
  subkind: z.string(),
  level: z.string().nullable(),
  score: z.number(),
  rank: z.number().int(),
  /** organisations and networks: the summed influence of their post and seat holders */
  rolled_up: z.number().nullable(),
});
export const RankingQuery = AnalysisQuery.extend({
  measure: MeasureName.default('influence'),
  kind: NodeKindName.optional(),
  top: z.coerce.number().int().min(1).max(20000).default(50),
  samples: z.coerce.number().int().min(1).max(100000).default(256),
});
export const Ranking = z.object({
  ...Meta,
  measure: MeasureName,
  /** betweenness from a sample: sources used and the 95% error bound of every score */
  samples: z.number().int().nullable(),
  error_bound: z.number().nullable(),
  items: z.array(RankedNode),
});

export const Reason = z.object({
  text: z.string(),
  from: z.string().nullable(),
  edge_kind: z.string().nullable(),
  amount: z.number(),
  share: z.number(),
});
export const Explanation = z.object({
  ...Meta,
  id: z.string(),
  name: z.string(),
  kind: NodeKindName,
  score: z.number(),
  rank: z.number().int(),
  of: z.number().int(),
  reasons: z.array(Reason),
});

export const Broker = z.object({
  id: z.string(),
  name: z.string(),
  betweenness: z.number(),
  levels: z.array(z.string()),
  sectors: z.array(z.string()),
  professions: z.array(z.string()),
  networks: z.array(z.string()),
  spans: z.array(z.string()),
  span_score: z.number().int(),
});
export const Brokers = z.object({
  ...Meta,
  samples: z.number().int(),
  exact: z.boolean(),
  error_bound: z.number(),
  people: z.array(Broker),
  spanners: z.array(Broker),
});

export const Community = z.object({
  community: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  people: z.number().int(),
  central: z.object({ id: z.string(), name: z.string() }),
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  influence: z.number(),
});
export const Communities = z.object({
  ...Meta,
  modularity: z.number(),
  count: z.number().int(),
  communities: z.array(Community),
});

/** A path through the graph: node ids and names in order, with its total length (lower is closer). */
export const GraphPath = z.object({
  nodes: z.array(z.object({ id: z.string(), name: z.string(), kind: NodeKindName })),
  edge_kinds: z.array(z.string()),
  length: z.number(),
});

/** A person's reach up and down the chain, and their routes to the decision forums of their ICS. */
export const Chain = z.object({
  ...Meta,
  person: z.object({ id: z.string(), name: z.string() }),
  icb: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** per level: how many nodes of that level the person reaches within 3 steps, and the share of the level's influence they reach */
  reach: z.array(z.object({ level: z.string(), nodes: z.number().int(), influence_share: z.number() })),
  forums: z.array(z.object({ id: z.string(), name: z.string(), path: GraphPath.nullable() })),
});

/** For an ICS: the people who carry influence between its levels. */
export const Carriers = z.object({
  ...Meta,
  icb: z.object({ id: z.string(), name: z.string() }),
  carriers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      levels: z.array(z.string()),
      /** influence flowing through them between levels */
      carried: z.number(),
    }),
  ),
});

export const Introductions = z.object({
  ...Meta,
  target: z.object({ id: z.string(), name: z.string() }),
  /** the people the workspace engages, paths start from them */
  from: z.number().int(),
  paths: z.array(GraphPath.extend({ introducer: z.object({ id: z.string(), name: z.string() }).nullable() })),
});

export const Coverage = z.object({
  ...Meta,
  icb: z.object({ id: z.string(), name: z.string() }),
  filled: z.number().int(),
  tied: z.number().int(),
  personas: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      holders: z.array(z.object({ id: z.string(), name: z.string(), engaged: z.boolean() })),
      /** a holder is engaged, or within two ties of someone the workspace engages */
      tied: z.boolean(),
    }),
  ),
});

export const Comparison = z.object({
  scope: z.string().nullable(),
  from: IsoDate,
  to: IsoDate,
  gained: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: NodeKindName,
      before: z.number(),
      after: z.number(),
      change: z.number(),
    }),
  ),
  lost: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: NodeKindName,
      before: z.number(),
      after: z.number(),
      change: z.number(),
    }),
  ),
  joined: z.number().int(),
  left: z.number().int(),
});

/** The graph of a scope for the map: nodes with their measures, community and a level-banded layout. */
export const MapGraph = z.object({
  ...Meta,
  modularity: z.number(),
  nodes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: NodeKindName,
      subkind: z.string(),
      level: z.string().nullable(),
      professions: z.array(z.string()),
      personas: z.array(z.string()),
      networks: z.array(z.string()),
      influence: z.number(),
      pagerank: z.number(),
      degree: z.number(),
      community: z.number().int(),
      x: z.number(),
      y: z.number(),
    }),
  ),
  edges: z.array(
    z.object({ source: z.string(), target: z.string(), weight: z.number(), kinds: z.array(z.string()) }),
  ),
});

// ---- the workspace's influence weights (docs/influence.md, "Changing the weights") ----------------

const numbers = z.record(z.string(), z.number());
/** A full set of weights, in DEFAULT_WEIGHTS's shape (src/analysis/model.ts). */
export const InfluenceWeightsShape = z.object({
  damping: z.number(),
  edge: numbers,
  role: numbers,
  persona: numbers,
  level: numbers,
  teleport: numbers,
  confidence: numbers,
  voting: z.number(),
});

/** One weight, described for the weights page and the CLI. */
export const WeightItem = z.object({
  /** where it sits in the overrides: `damping`, `edge.knows` */
  path: z.string(),
  group: z.enum(WEIGHT_GROUPS.map((g) => g.group) as [WeightGroup, ...WeightGroup[]]),
  key: z.string(),
  label: z.string(),
  meaning: z.string(),
  default: z.number(),
  value: z.number(),
  overridden: z.boolean(),
  min: z.number(),
  max: z.number(),
  /** true: the weight must be more than `min` */
  min_exclusive: z.boolean(),
});

/** GET /api/v1/analysis/weights: the defaults, the workspace's overrides, the weights in force. */
export const Weights = z.object({
  defaults: InfluenceWeightsShape,
  /** only the weights that differ from the defaults */
  overrides: z.record(z.string(), z.union([z.number(), numbers])),
  effective: InfluenceWeightsShape,
  groups: z.array(z.object({ group: z.string(), title: z.string(), summary: z.string() })),
  weights: z.array(WeightItem),
  /** 0 when the workspace has never set its weights; send it back to change them */
  version: z.number().int().min(0),
  updated_at: z.string().nullable(),
});

/** PUT /api/v1/analysis/weights: the whole set of overrides (a weight left out is its default). */
export const PutWeights = z.object({
  overrides: WeightOverridesSchema,
  version: z.number().int().min(0).max(2_147_483_647),
});

/** DELETE /api/v1/analysis/weights?version=: back to the defaults. */
export const ResetWeightsQuery = z.object({
  version: z.coerce.number().int().min(0).max(2_147_483_647),
});
