import { DomainError } from '../core/errors.ts';
import type { EraseResult } from '../shared/people-schemas.ts';
import type { Queryable } from '../storage/db.ts';
import type { PeopleCtx } from '../storage/people-ctx.ts';
import { type Actor, auditPeopleChange } from './people-audit.ts';
import { PERSON_TABLES, type PersonTable } from './subject-access.ts';
import { addSuppression } from './suppression.ts';

/** LIKE pattern matching `s` anywhere, with LIKE's own wildcards escaped. */
const containsPattern = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * Erases one person at their request (UK GDPR Article 17), in the caller's transaction: locks the
 * person, deletes every row of every table in PERSON_TABLES that names them (relationships both
 * ways, memberships, posts, then the person), adds a suppression entry (keyed hashes of name and
 * email, so the same person is refused if created or imported again) and audits `person.erased`
 * with counts only. `confirm` must repeat the id; `version`, when sent, must be the current one.
 *
 * Free text the Atlas cannot safely rewrite, the workspace's notes on organisations and networks, is
 * searched for the person's full name and email: `details.notes_mentioning` says how many notes to
 * review by hand.
 */
export async function erasePerson(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  personId: number,
  opts: { confirm: number; version?: number },
): Promise<EraseResult> {
  if (opts.confirm !== personId) {
    throw new DomainError('invalid', `confirm: type the person's id (${personId}) to erase them`, {
      errors: [{ field: 'confirm', message: `must be the person's id (${personId})` }],
    });
  }
  const ws = ctx.workspaceId;
  const [person] = await tx.query<{
    given_name: string;
    family_name: string;
    email: string | null;
    version: number;
  }>(
    'SELECT given_name, family_name, email, version FROM people WHERE workspace_id = $1 AND id = $2 FOR UPDATE',
    [ws, personId],
  );
  if (!person) throw new DomainError('not_found', `no person ${personId} in this workspace`);
  if (opts.version !== undefined && opts.version !== person.version) {
    throw new DomainError(
      'conflict',
      `person ${personId} has changed since you read it (version ${opts.version}, now ${person.version}): read it again before erasing`,
    );
  }

  const fullName = `${person.given_name} ${person.family_name}`;
  const [mentions] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notes
     WHERE workspace_id = $1 AND (body ILIKE $2 OR ($3::text IS NOT NULL AND body ILIKE $3))`,
    [ws, containsPattern(fullName), person.email ? containsPattern(person.email) : null],
  );

  // Rows that point at the person first, the person last.
  const removed: Record<string, number> = {};
  const order = (Object.keys(PERSON_TABLES) as PersonTable[]).filter((t) => t !== 'people');
  for (const table of [...order, 'people' as const]) {
    const match = PERSON_TABLES[table].map((c) => `${c} = $2`).join(' OR ');
    const [d] = await tx.query<{ n: number }>(
      `WITH d AS (DELETE FROM ${table} WHERE workspace_id = $1 AND (${match}) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [ws, personId],
    );
    removed[table] = d?.n ?? 0;
  }

  const suppressionId = await addSuppression(
    tx,
    ws,
    { given_name: person.given_name, family_name: person.family_name, email: person.email },
    actor.at,
    actor.actorId,
  );
  const notesMentioning = mentions?.n ?? 0;
  await auditPeopleChange(tx, actor, {
    action: 'person.erased',
    targetType: 'person',
    targetId: personId,
    personIds: [personId],
    fields: [],
    details: { removed, suppression_id: suppressionId, notes_mentioning: notesMentioning },
  });
  return {
    erased: true,
    removed,
    suppression_id: suppressionId,
    details: { notes_mentioning: notesMentioning },
  };
}
