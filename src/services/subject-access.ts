import { DomainError } from '../core/errors.ts';
import { LAWFUL_BASIS_LABELS } from '../core/people.ts';
import type { SubjectAccess } from '../shared/people-schemas.ts';
import type { Queryable } from '../storage/db.ts';
import type { PeopleCtx } from '../storage/people-ctx.ts';
import { peopleRepo } from '../storage/people-repo.ts';
import { isoTimestamp } from '../storage/sql.ts';
import { tiesRepo } from '../storage/ties-repo.ts';

/**
 * Every table that holds a row about a person, with the column(s) naming them. Subject access reads
 * every table here and erasure deletes from every table here; `test/data-protection.test.ts` checks
 * this list against the database's own catalogue (every foreign key to `people`, every column named
 * `person_id` or `…_person_id`), so a new table that references a person fails the build until it
 * is added here and shown in the export.
 */
export const PERSON_TABLES = {
  people: ['id'],
  posts: ['person_id'],
  network_memberships: ['person_id'],
  relationships: ['from_person_id', 'to_person_id'],
} as const satisfies Record<string, readonly string[]>;
export type PersonTable = keyof typeof PERSON_TABLES;

/**
 * Tables that name a person inside a JSON document rather than a column: the audit log keeps the
 * ids of the people each change was about (field names, never values). Subject access reads them as
 * the person's history; erasure leaves them, as they hold no personal data and the log is append-only.
 */
export const PERSON_JSON_REFERENCES = { audit_log: "details->'person_ids'" } as const;

/** Rows per page when reading a person's ties: the export reads them all. */
const PAGE = 1000;

/** Reads every page of a paged list. */
async function all<T>(
  page: (limit: number, offset: number) => Promise<{ total: number; items: T[] }>,
): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const r = await page(PAGE, out.length);
    out.push(...r.items);
    if (r.items.length === 0 || out.length >= r.total) return out;
  }
}

/** How many rows of each PERSON_TABLES table name the person, counted straight from the tables. */
export async function personRowCounts(
  q: Queryable,
  workspaceId: number,
  personId: number,
): Promise<Record<PersonTable, number>> {
  const tables = Object.keys(PERSON_TABLES) as PersonTable[];
  const sql = tables
    .map(
      (t) =>
        `SELECT '${t}' AS t, count(*)::int AS n FROM ${t} WHERE workspace_id = $1 AND (${PERSON_TABLES[t]
          .map((c) => `${c} = $2`)
          .join(' OR ')})`,
    )
    .join(' UNION ALL ');
  const rows = await q.query<{ t: PersonTable; n: number }>(sql, [workspaceId, personId]);
  return Object.fromEntries(rows.map((r) => [r.t, r.n])) as Record<PersonTable, number>;
}

/**
 * Everything a workspace holds about one person, the answer to a subject access request (UK GDPR
 * Article 15): the record, every post past, present and future, every network membership,
 * relationships both ways, the history of changes from the audit log (field names, never values),
 * how the record is processed, and `tables`, the rows read from each table that references a
 * person. The export is checked against a direct count of every PERSON_TABLES table, so it can
 * never silently leave a row out. Run inside the workspace's transaction; DomainError('not_found')
 * when the workspace has no such person.
 */
export async function subjectAccess(
  tx: Queryable,
  ctx: PeopleCtx,
  workspace: { id: number; name: string },
  personId: number,
  generatedAt: Date,
): Promise<SubjectAccess> {
  const people = peopleRepo(tx, ctx);
  const ties = tiesRepo(tx, ctx);
  const person = await people.getPerson(personId);
  const posts = await people.postsOfPerson(personId);
  const memberships = await all((limit, offset) => ties.listMemberships({ person: personId, limit, offset }));
  const relationshipsOut = await all((limit, offset) =>
    ties.listRelationships({ person: personId, direction: 'out', limit, offset }),
  );
  const relationshipsIn = await all((limit, offset) =>
    ties.listRelationships({ person: personId, direction: 'in', limit, offset }),
  );
  const history = await tx.query<{
    at: string;
    action: string;
    target_type: string | null;
    target_id: string | null;
    actor_email: string | null;
    fields: unknown;
  }>(
    `SELECT ${isoTimestamp('at')} AS at, action, target_type, target_id, actor_email,
       details->'fields' AS fields
     FROM audit_log
     WHERE workspace_id = $1 AND ${PERSON_JSON_REFERENCES.audit_log} @> jsonb_build_array($2::int)
     ORDER BY id`,
    [ctx.workspaceId, personId],
  );

  const read: Record<PersonTable, number> = {
    people: 1,
    posts: posts.length,
    network_memberships: memberships.length,
    relationships: relationshipsOut.length + relationshipsIn.length,
  };
  const held = await personRowCounts(tx, ctx.workspaceId, personId);
  for (const t of Object.keys(PERSON_TABLES) as PersonTable[]) {
    if (held[t] !== read[t]) {
      throw new DomainError(
        'conflict',
        `the records about person ${personId} changed while they were read (${t}: ${read[t]} read, ${held[t]} held): try again`,
      );
    }
  }

  const verified = person.last_verified_on ? `last verified on ${person.last_verified_on}` : 'never verified';
  return {
    generated_at: generatedAt.toISOString(),
    workspace,
    person,
    posts,
    memberships,
    relationships_out: relationshipsOut,
    relationships_in: relationshipsIn,
    history: history.map((h) => ({
      at: h.at,
      action: h.action,
      target_type: h.target_type,
      target_id: h.target_id,
      actor_email: h.actor_email,
      fields: Array.isArray(h.fields) ? h.fields.map(String) : [],
    })),
    tables: { ...read, audit_log: history.length },
    processing: {
      lawful_basis: person.lawful_basis,
      source: person.source,
      purposes:
        `${workspace.name} keeps this record to understand who holds which post and role in health and ` +
        'care organisations and clinical networks, how those roles connect, and whom to approach in ' +
        'their professional capacity about services and proposals. It holds work details only: no ' +
        `health or other special category data. Lawful basis: ${LAWFUL_BASIS_LABELS[person.lawful_basis]}.`,
      retention:
        'Kept while it is accurate and needed for these purposes. A record not verified for ' +
        `${ctx.staleAfterMonths} months is flagged as stale for review (this one: ${verified}${
          person.stale ? ', now flagged' : ''
        }): it is checked, corrected or erased. Erasure removes it everywhere; only keyed hashes of the ` +
        'name and email are kept, so it is not created or imported again.',
      rights:
        'You may have a copy of everything held about you (this export), have it corrected, ask for ' +
        'it to be erased, ask for its use to be restricted, and object to its use — in particular to ' +
        `being contacted${person.do_not_contact ? ' (this record is already marked do not contact, so it is left out of every contact export)' : ''}. ` +
        `Ask ${workspace.name}; you may also complain to the Information Commissioner's Office.`,
    },
  };
}
