import { z } from 'zod';
import {
  CONFIDENCES,
  FOCUS_TYPES,
  FORMALITIES,
  LINK_KINDS,
  NETWORK_KINDS,
  ORGANISATION_KINDS,
  SUCCESSION_KINDS,
} from '../core/landscape.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Conf = z.enum(CONFIDENCES).default('confirmed');

/** One organisation of the national reference. Codes are ODS codes (ONS LAD codes for derived places). */
export const RefOrganisation = z.object({
  code: z.string().min(1),
  ons_code: z.string().nullable().default(null),
  name: z.string().min(1),
  kind: z.enum(ORGANISATION_KINDS),
  opened_on: Day.nullable().default(null),
  closed_on: Day.nullable().default(null),
  postcode: z.string().nullable().default(null),
  derived: z.boolean().default(false),
  confidence: Conf,
  source: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
});

/** A dated link between two organisations, by code. Dates inclusive; null = open-ended. */
export const RefLink = z.object({
  kind: z.enum(LINK_KINDS),
  from: z.string(),
  to: z.string(),
  valid_from: Day.nullable().default(null),
  valid_to: Day.nullable().default(null),
  confidence: Conf,
  source: z.string().nullable().default(null),
});

export const RefSuccession = z.object({
  predecessor: z.string(),
  successor: z.string(),
  effective_on: Day,
  kind: z.enum(SUCCESSION_KINDS),
  notes: z.string().nullable().default(null),
  confidence: Conf,
  source: z.string().nullable().default(null),
});

export const RefNetwork = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(NETWORK_KINDS),
  focus_type: z.enum(FOCUS_TYPES).nullable().default(null),
  focus: z.string().nullable().default(null),
  formality: z.enum(FORMALITIES).nullable().default(null),
  host: z.string().nullable().default(null),
  host_name: z.string().nullable().default(null),
  region: z.string().nullable().default(null),
  footprint_text: z.string().nullable().default(null),
  outcome_domains: z.array(z.number().int().min(1).max(5)).default([]),
  established_on: Day.nullable().default(null),
  review_on: Day.nullable().default(null),
  closed_on: Day.nullable().default(null),
  status: z.enum(['active', 'closed', 'uncertain']).default('active'),
  confidence: Conf,
  source: z.string().nullable().default(null),
  notes: z.string().nullable().default(null),
});

export const RefFootprint = z.object({
  network: z.string(),
  organisation: z.string(),
  role: z.enum(['covers', 'member', 'host']).default('covers'),
  valid_from: Day.nullable().default(null),
  valid_to: Day.nullable().default(null),
  confidence: Conf,
  source: z.string().nullable().default(null),
});

/** The national reference file: the project's own compact facts about the NHS England structure. */
export const NationalReference = z.object({
  version: z.string(),
  description: z.string(),
  organisations: z.array(RefOrganisation),
  links: z.array(RefLink),
  successions: z.array(RefSuccession),
  networks: z.array(RefNetwork),
  footprints: z.array(RefFootprint),
});
export type NationalReference = z.infer<typeof NationalReference>;
export type NationalReferenceInput = z.input<typeof NationalReference>;
