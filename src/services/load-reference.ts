import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../core/errors.ts';
import { insertRows } from '../storage/bulk.ts';
import type { Db } from '../storage/db.ts';
import { NationalReference } from '../storage/reference-format.ts';
import { ensurePersonaCatalogue, type PersonaSeedCounts } from './load-personas.ts';

/** The project's own national reference file (facts from NHS England and ONS data; see NOTICE). */
export const REFERENCE_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'storage',
  'reference',
  'nhs-england.json',
);

/** The ODS files the reference's trusts and sub-ICB locations are as new as (trusts: etr of June 2026; SICBLs: the April 2026 structure). */
export const REFERENCE_VINTAGES: [string, string][] = [
  ['etr', '2026-06-30'],
  ['eccg', '2026-04-01'],
];

/** Reads and validates a national reference file; a bad file is one clear error naming it and the field. */
export function readReference(file = REFERENCE_FILE): { ref: NationalReference; sha256: string } {
  const text = fs.readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DomainError('invalid', `${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = NationalReference.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('invalid', `${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ref: parsed.data, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Counts of what a reference load wrote. */
export interface ReferenceCounts {
  organisations: number;
  links: number;
  successions: number;
  networks: number;
  footprints: number;
}

/**
 * Loads the national reference into an empty landscape, in one transaction (all or nothing).
 * Does nothing to the landscape when organisations already exist. Unknown codes in links are an error
 * naming them. At every call, empty or not, it also brings the national persona catalogue into line
 * with src/core/personas.ts (one statement; a no-op when nothing changed).
 */
export async function ensureReference(
  db: Db,
  file = REFERENCE_FILE,
): Promise<{ loaded: boolean; counts?: ReferenceCounts; personas: PersonaSeedCounts }> {
  const personas = await ensurePersonaCatalogue(db);
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
  if ((row?.n ?? 0) > 0) return { loaded: false, personas };
  const { ref, sha256 } = readReference(file);
  const counts = await db.transaction(async (tx) => {
    await insertRows(
      tx,
      'organisations',
      [
        'code',
        'ons_code',
        'name',
        'kind',
        'opened_on',
        'closed_on',
        'postcode',
        'derived',
        'confidence',
        'source',
        'notes',
      ],
      ref.organisations,
    );
    const ids = new Map(
      (await tx.query<{ id: number; code: string }>('SELECT id, code FROM organisations')).map((r) => [
        r.code,
        r.id,
      ]),
    );
    const id = (code: string | null, where: string): number | null => {
      if (code === null) return null;
      const v = ids.get(code);
      if (v === undefined)
        throw new DomainError('invalid', `${file}: ${where}: unknown organisation code "${code}"`);
      return v;
    };
    await insertRows(
      tx,
      'organisation_links',
      ['kind', 'from_id', 'to_id', 'valid_from', 'valid_to', 'confidence', 'source'],
      ref.links.map((l, i) => ({
        ...l,
        from_id: id(l.from, `links.${i}.from`),
        to_id: id(l.to, `links.${i}.to`),
      })),
    );
    await insertRows(
      tx,
      'organisation_successions',
      ['predecessor_id', 'successor_id', 'effective_on', 'kind', 'notes', 'confidence', 'source'],
      ref.successions.map((s, i) => ({
        ...s,
        predecessor_id: id(s.predecessor, `successions.${i}.predecessor`),
        successor_id: id(s.successor, `successions.${i}.successor`),
      })),
    );
    await insertRows(
      tx,
      'networks',
      [
        'code',
        'name',
        'kind',
        'focus_type',
        'focus',
        'formality',
        'host_id',
        'host_name',
        'region_id',
        'footprint_text',
        'outcome_domains',
        'established_on',
        'review_on',
        'closed_on',
        'status',
        'confidence',
        'source',
        'notes',
      ],
      ref.networks.map((n, i) => ({
        ...n,
        host_id: id(n.host, `networks.${i}.host`),
        region_id: id(n.region, `networks.${i}.region`),
      })),
      { casts: { outcome_domains: 'int[]' } },
    );
    const netIds = new Map(
      (await tx.query<{ id: number; code: string }>('SELECT id, code FROM networks')).map((r) => [
        r.code,
        r.id,
      ]),
    );
    await insertRows(
      tx,
      'network_footprints',
      ['network_id', 'organisation_id', 'role', 'valid_from', 'valid_to', 'confidence', 'source'],
      ref.footprints.map((f, i) => {
        const nid = netIds.get(f.network);
        if (nid === undefined)
          throw new DomainError(
            'invalid',
            `${file}: footprints.${i}.network: unknown network code "${f.network}"`,
          );
        return { ...f, network_id: nid, organisation_id: id(f.organisation, `footprints.${i}.organisation`) };
      }),
    );
    const c: ReferenceCounts = {
      organisations: ref.organisations.length,
      links: ref.links.length,
      successions: ref.successions.length,
      networks: ref.networks.length,
      footprints: ref.footprints.length,
    };
    // The reference stands for these ODS vintages: an older ODS file imported later must not rewind it.
    const [hasImports] = await tx.query<{ t: string | null }>(`SELECT to_regclass('imports')::text AS t`);
    if (hasImports?.t) {
      for (const [kind, vintage] of REFERENCE_VINTAGES) {
        await tx.query(
          `INSERT INTO imports (kind, format, file_name, sha256, vintage, current, via, started_at, finished_at, counts)
           VALUES ($1, 'national-reference', 'nhs-england.json', $2, $3, true, 'cli', now(), now(), $4)`,
          [
            kind,
            sha256,
            vintage,
            JSON.stringify({
              organisations: ref.organisations.filter(
                (o) => o.kind === (kind === 'etr' ? 'nhs_trust' : 'sub_icb_location'),
              ).length,
            }),
          ],
        );
      }
    }
    await tx.query('INSERT INTO reference_loads (version, sha256, counts) VALUES ($1, $2, $3)', [
      ref.version,
      sha256,
      JSON.stringify(c),
    ]);
    return c;
  });
  return { loaded: true, counts, personas };
}
