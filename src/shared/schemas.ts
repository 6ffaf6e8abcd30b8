import { z } from 'zod';
import { isIsoDate } from '../core/dates.ts';
import {
  CONFIDENCES,
  FOCUS_TYPES,
  FORMALITIES,
  NETWORK_KINDS,
  ORGANISATION_KINDS,
  SUCCESSION_KINDS,
} from '../core/landscape.ts';

/** Limits shared by the server and the web app. */
export const LIMITS = { pageDefault: 50, pageMax: 500, searchMax: 50, queryMaxLength: 200 } as const;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused here, not by the database). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date in the form YYYY-MM-DD')
  .refine(isIsoDate, 'not a real calendar date');
export const OrganisationKind = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKind>;
export const NetworkKind = z.enum(NETWORK_KINDS);
export type NetworkKind = z.infer<typeof NetworkKind>;
export const Confidence = z.enum(CONFIDENCES);

/** Whether a dated record is open on the date asked for. */
export const DatedStatus = z.enum(['open', 'closed', 'not_yet_open']);

export const OrganisationRef = z.object({
  code: z.string(),
  name: z.string(),
  kind: OrganisationKind,
});
export type OrganisationRef = z.infer<typeof OrganisationRef>;

export const OrganisationSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  ons_code: z.string().nullable(),
  name: z.string(),
  kind: OrganisationKind,
  kind_label: z.string(),
  opened_on: IsoDate.nullable(),
  closed_on: IsoDate.nullable(),
  status: DatedStatus,
  postcode: z.string().nullable(),
  derived: z.boolean(),
  confidence: Confidence,
  parent: OrganisationRef.nullable(),
});
export type OrganisationSummary = z.infer<typeof OrganisationSummary>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ as_at: IsoDate, items: z.array(item), next_cursor: z.string().nullable() });

export const OrganisationList = Page(OrganisationSummary);
export type OrganisationList = z.infer<typeof OrganisationList>;

export const NetworkSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: NetworkKind,
  kind_label: z.string(),
  focus_type: z.enum(FOCUS_TYPES).nullable(),
  focus: z.string().nullable(),
  formality: z.enum(FORMALITIES).nullable(),
  host: OrganisationRef.nullable(),
  host_name: z.string().nullable(),
  region: OrganisationRef.nullable(),
  status: z.enum(['active', 'closed', 'uncertain']),
  confidence: Confidence,
  footprint_count: z.number().int(),
});
export type NetworkSummary = z.infer<typeof NetworkSummary>;

export const NetworkList = Page(NetworkSummary);
export type NetworkList = z.infer<typeof NetworkList>;

/** A network an organisation belongs to or is covered by, with how. */
export const OrganisationNetwork = NetworkSummary.extend({
  role: z.enum(['covers', 'member', 'host']),
  link_confidence: Confidence,
});

export const Succession = z.object({
  organisation: OrganisationRef,
  effective_on: IsoDate,
  kind: z.enum(SUCCESSION_KINDS),
  notes: z.string().nullable(),
  confidence: Confidence,
});

export const ChildGroup = z.object({
  kind: OrganisationKind,
  label: z.string(),
  count: z.number().int(),
  items: z.array(OrganisationSummary),
});

export const OrganisationDetail = z.object({
  as_at: IsoDate,
  organisation: OrganisationSummary.extend({ source: z.string().nullable(), notes: z.string().nullable() }),
  /** The chain of parents, top (region) first. */
  parents: z.array(OrganisationSummary),
  children: z.array(ChildGroup),
  networks: z.array(OrganisationNetwork),
  predecessors: z.array(Succession),
  successors: z.array(Succession),
});
export type OrganisationDetail = z.infer<typeof OrganisationDetail>;

export const FootprintEntry = z.object({
  organisation: OrganisationSummary,
  role: z.enum(['covers', 'member', 'host']),
  valid_from: IsoDate.nullable(),
  valid_to: IsoDate.nullable(),
  confidence: Confidence,
});

export const NetworkDetail = z.object({
  as_at: IsoDate,
  network: NetworkSummary.extend({
    footprint_text: z.string().nullable(),
    outcome_domains: z.array(z.number().int().min(1).max(5)),
    established_on: IsoDate.nullable(),
    review_on: IsoDate.nullable(),
    closed_on: IsoDate.nullable(),
    source: z.string().nullable(),
    notes: z.string().nullable(),
  }),
  footprint: z.array(FootprintEntry),
});
export type NetworkDetail = z.infer<typeof NetworkDetail>;

export const SearchHit = z.object({
  /** people only with a current workspace, and only that workspace's (code: the person's id) */
  type: z.enum(['organisation', 'network', 'person']),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  kind_label: z.string(),
  /** The parent organisation (or region) that places the hit, for people to tell like names apart. */
  context: z.string().nullable(),
  status: DatedStatus,
  score: z.number(),
});
export const SearchResult = z.object({ as_at: IsoDate, q: z.string(), items: z.array(SearchHit) });
export type SearchResult = z.infer<typeof SearchResult>;

export const SummaryIcb = z.object({
  code: z.string(),
  ons_code: z.string().nullable(),
  name: z.string(),
  counts: z.record(z.string(), z.number().int()),
});
export const SummaryRegion = z.object({ code: z.string(), name: z.string(), icbs: z.array(SummaryIcb) });
export const NationalSummary = z.object({
  as_at: IsoDate,
  organisations: z.record(z.string(), z.number().int()),
  networks: z.record(z.string(), z.number().int()),
  regions: z.array(SummaryRegion),
});
export type NationalSummary = z.infer<typeof NationalSummary>;

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.array(z.string()),
});
export type Health = z.infer<typeof Health>;

/** RFC 9457 problem details with the Atlas's stable `code`. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  /** Why a 401/403 happened, for clients to act on: csrf, second_factor_required, second_factor_setup_required. */
  reason: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
