/**
 * Writes a demo plan into a workspace: in one transaction inside the workspace's row-level security,
 * it removes the previous demo people (and with them their posts, memberships and relationships),
 * inserts the new ones in large batches and audits the run once, without personal values.
 */
import { type Actor, auditPeopleChange } from '../services/people-audit.ts';
import { suppressionHashes } from '../services/suppression.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { inWorkspace } from '../storage/workspace-scope.ts';
import { DEMO_SOURCE, type DemoPlan, type DemoScale, generateDemo } from './generate.ts';
import { loadStructure } from './structure.ts';

/** What a demo run made: the `--json` output of `atlas demo`. */
export interface DemoCounts {
  people: number;
  posts: number;
  memberships: number;
  relationships: number;
}

/** What a demo run made, for what, and what it replaced. */
export interface DemoResult extends DemoCounts {
  seed: number;
  scale: DemoScale;
  icb: { code: string; name: string } | null;
  organisations: number;
  networks: number;
  /** demo people of an earlier run, removed first */
  removed: number;
  /** generated people left out because they match the workspace's list of erased people */
  suppressed: number;
}

/** One column of a batched insert: its name, the element type of its parameter array, and its value. */
interface Column<R> {
  name: string;
  type: 'int' | 'smallint' | 'text' | 'date' | 'boolean';
  value: (r: R) => unknown;
  /** the SQL to insert, from the unnested column `u.<name>` (e.g. a cast to jsonb) */
  expr?: string;
}

/**
 * Inserts rows as `INSERT … SELECT FROM unnest($1::int[], $2::text[], …)`: one array parameter per
 * column and up to `batch` rows per statement, far fewer parameters than a VALUES list.
 */
async function insertUnnest<R>(
  q: Queryable,
  table: string,
  columns: Column<R>[],
  rows: readonly R[],
  opts: { overriding?: boolean; batch?: number } = {},
): Promise<void> {
  const batch = opts.batch ?? 20_000;
  const names = columns.map((c) => c.name).join(', ');
  const sql = `INSERT INTO ${table} (${names})${opts.overriding ? ' OVERRIDING SYSTEM VALUE' : ''}
    SELECT ${columns.map((c) => c.expr ?? `u.${c.name}`).join(', ')}
    FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) AS u(${names})`;
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    await q.query(
      sql,
      columns.map((c) => chunk.map((r) => c.value(r) ?? null)),
    );
  }
}

/** The people of a plan whose name or email is on the workspace's suppression list (erased people). */
async function suppressedPeople(q: Queryable, workspaceId: number, plan: DemoPlan): Promise<Set<number>> {
  const rows = await q.query<{ name_hash: string; email_hash: string | null }>(
    'SELECT name_hash, email_hash FROM person_suppressions WHERE workspace_id = $1',
    [workspaceId],
  );
  const out = new Set<number>();
  if (rows.length === 0) return out;
  const names = new Set(rows.filter((r) => r.email_hash === null).map((r) => r.name_hash));
  const emails = new Set(rows.map((r) => r.email_hash).filter((h) => h !== null));
  const namesWithEmail = new Set(rows.filter((r) => r.email_hash !== null).map((r) => r.name_hash));
  for (const p of plan.people) {
    const h = suppressionHashes(workspaceId, p);
    // As isSuppressed: the same email, or the same name when either side has no email.
    if (
      (h.emailHash !== null && emails.has(h.emailHash)) ||
      names.has(h.nameHash) ||
      (h.emailHash === null && namesWithEmail.has(h.nameHash))
    ) {
      out.add(p.key);
    }
  }
  return out;
}

/** The plan without some people and everything that refers to them. */
function withoutPeople(plan: DemoPlan, gone: Set<number>): DemoPlan {
  if (gone.size === 0) return plan;
  return {
    ...plan,
    people: plan.people.filter((p) => !gone.has(p.key)),
    posts: plan.posts.filter((p) => !gone.has(p.person)),
    memberships: plan.memberships.filter((m) => !gone.has(m.person)),
    relationships: plan.relationships.filter(
      (r) => !gone.has(r.from) && (r.to_person === null || !gone.has(r.to_person)),
    ),
  };
}

/**
 * Removes a workspace's earlier demo people (source = the demo source), with their posts,
 * memberships and relationships. Returns how many people went.
 */
export async function removeDemoPeople(q: Queryable, workspaceId: number): Promise<number> {
  // Their rows in the tables that refer to them go first, set by set, by their ids (the person
  // indexes serve `= ANY`, whatever the planner's statistics, which PGlite only refreshes at open):
  // the cascade from people would delete them one parent row at a time.
  const [d] = await q.query<{ ids: number[] | null }>(
    'SELECT array_agg(id) AS ids FROM people WHERE workspace_id = $1 AND source = $2',
    [workspaceId, DEMO_SOURCE],
  );
  const ids = d?.ids ?? [];
  if (ids.length === 0) return 0;
  await q.query(
    `DELETE FROM relationships WHERE workspace_id = $1
       AND (from_person_id = ANY($2::int[]) OR to_person_id = ANY($2::int[]))`,
    [workspaceId, ids],
  );
  await q.query('DELETE FROM network_memberships WHERE workspace_id = $1 AND person_id = ANY($2::int[])', [
    workspaceId,
    ids,
  ]);
  await q.query('DELETE FROM posts WHERE workspace_id = $1 AND person_id = ANY($2::int[])', [
    workspaceId,
    ids,
  ]);
  const [r] = await q.query<{ n: number }>(
    `WITH gone AS (DELETE FROM people WHERE workspace_id = $1 AND source = $2 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [workspaceId, DEMO_SOURCE],
  );
  return r?.n ?? 0;
}

/**
 * Fills a workspace with the demo: reads the structure, builds the plan for `seed` and `today`,
 * replaces the previous demo people and writes the new ones, all in one transaction. Throws
 * DomainError for an ICB code that names no open ICB.
 */
export async function runDemo(
  db: Db,
  input: {
    workspaceId: number;
    seed: number;
    scale: DemoScale;
    icb?: string | undefined;
    today: string;
    actor: Omit<Actor, 'workspaceId'>;
  },
): Promise<DemoResult> {
  const { workspaceId } = input;
  const result = await inWorkspace(db, workspaceId, async (tx) => {
    const structure = await loadStructure(tx);
    const full = generateDemo(structure, {
      seed: input.seed,
      today: input.today,
      scale: input.scale,
      icb: input.icb,
    });
    const removed = await removeDemoPeople(tx, workspaceId);
    const gone = await suppressedPeople(tx, workspaceId, full);
    const plan = withoutPeople(full, gone);
    await writePlan(tx, workspaceId, plan);
    const counts: DemoCounts = {
      people: plan.people.length,
      posts: plan.posts.length,
      memberships: plan.memberships.length,
      relationships: plan.relationships.length,
    };
    await auditPeopleChange(
      tx,
      { ...input.actor, workspaceId },
      {
        action: 'people.demo_generated',
        targetType: 'people_import',
        targetId: null,
        personIds: [],
        fields: [],
        details: {
          seed: input.seed,
          scale: input.scale,
          icb: plan.scope.icb?.code ?? null,
          ...counts,
          removed,
          suppressed: gone.size,
        },
      },
    );
    return {
      ...counts,
      seed: input.seed,
      scale: input.scale,
      icb: plan.scope.icb,
      organisations: plan.scope.organisations,
      networks: plan.scope.networks,
      removed,
      suppressed: gone.size,
    };
  });
  // fresh planner statistics for the tables just filled (no autovacuum in the embedded database)
  await db.query('SELECT atlas_analyze_people()');
  return result;
}

/** The tables a plan is written to: the app's own, or (benchmarks only) bare copies of them. */
export interface DemoTables {
  people: string;
  posts: string;
  network_memberships: string;
  relationships: string;
}
const TABLES: DemoTables = {
  people: 'people',
  posts: 'posts',
  network_memberships: 'network_memberships',
  relationships: 'relationships',
};

/**
 * The demo people the workspace engages (issue 6: introductions start from them): every current ICS
 * chief pharmacist and every other current ICS programme lead, in plan order — about 2% of people.
 * Deterministic, and drawing no random numbers, so the rest of the plan is unchanged.
 */
export function engagedKeys(plan: DemoPlan): Set<number> {
  const out = new Set<number>();
  let leads = 0;
  for (const p of plan.posts) {
    if (p.valid_to !== null) continue;
    if (p.persona === 'ics_chief_pharmacist') out.add(p.person);
    if (p.persona === 'ics_programme_lead' && leads++ % 2 === 0) out.add(p.person);
  }
  return out;
}

/** Inserts a plan's rows for a workspace, inside its transaction (people's ids drawn first). */
export async function writePlan(
  tx: Queryable,
  workspaceId: number,
  plan: DemoPlan,
  tables: DemoTables = TABLES,
): Promise<void> {
  const personas = new Map(
    (
      await tx.query<{ id: number; code: string }>('SELECT id, code FROM personas WHERE workspace_id IS NULL')
    ).map((p) => [p.code, p.id]),
  );
  // People's ids are drawn from their sequence first, so posts and ties can refer to them at once.
  const ids = await tx.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('people', 'id'))::int AS id FROM generate_series(1, $1::int)`,
    [plan.people.length],
  );
  const idOf = new Map(plan.people.map((p, i) => [p.key, ids[i]!.id]));
  const person = (key: number) => idOf.get(key)!;
  const ws = () => workspaceId;
  const source = () => DEMO_SOURCE;
  const engaged = engagedKeys(plan);

  await insertUnnest(
    tx,
    tables.people,
    [
      { name: 'id', type: 'int', value: (p) => person(p.key) },
      { name: 'workspace_id', type: 'int', value: ws },
      { name: 'honorific', type: 'text', value: (p) => p.honorific },
      { name: 'given_name', type: 'text', value: (p) => p.given_name },
      { name: 'family_name', type: 'text', value: (p) => p.family_name },
      {
        name: 'professions',
        type: 'text',
        value: (p) => p.professions.join(','),
        expr: `string_to_array(u.professions, ',')`,
      },
      { name: 'specialty', type: 'text', value: (p) => p.specialty },
      { name: 'email', type: 'text', value: (p) => p.email },
      { name: 'phone', type: 'text', value: (p) => p.phone },
      { name: 'work_address', type: 'text', value: (p) => p.work_address },
      { name: 'do_not_contact', type: 'boolean', value: (p) => p.do_not_contact },
      { name: 'engaged', type: 'boolean', value: (p) => engaged.has(p.key) },
      { name: 'source', type: 'text', value: source },
      { name: 'lawful_basis', type: 'text', value: () => 'legitimate_interests' },
      { name: 'last_verified_on', type: 'date', value: (p) => p.last_verified_on },
    ],
    plan.people,
    { overriding: true },
  );
  await insertUnnest(
    tx,
    tables.posts,
    [
      { name: 'workspace_id', type: 'int', value: ws },
      { name: 'person_id', type: 'int', value: (p) => person(p.person) },
      { name: 'organisation_id', type: 'int', value: (p) => p.organisation_id },
      { name: 'network_id', type: 'int', value: (p) => p.network_id },
      { name: 'title', type: 'text', value: (p) => p.title },
      {
        name: 'persona_id',
        type: 'int',
        value: (p) => (p.persona ? (personas.get(p.persona) ?? null) : null),
      },
      { name: 'level', type: 'text', value: (p) => p.level },
      { name: 'valid_from', type: 'date', value: (p) => p.valid_from },
      { name: 'valid_to', type: 'date', value: (p) => p.valid_to },
      { name: 'source', type: 'text', value: source },
      { name: 'last_verified_on', type: 'date', value: (p) => p.last_verified_on },
    ],
    plan.posts,
  );
  await insertUnnest(
    tx,
    tables.network_memberships,
    [
      { name: 'workspace_id', type: 'int', value: ws },
      { name: 'network_id', type: 'int', value: (m) => m.network_id },
      { name: 'person_id', type: 'int', value: (m) => person(m.person) },
      { name: 'representing_id', type: 'int', value: (m) => m.representing_id },
      { name: 'role', type: 'text', value: (m) => m.role },
      { name: 'voting', type: 'boolean', value: (m) => m.voting },
      { name: 'sector', type: 'text', value: (m) => m.sector },
      {
        name: 'declarations',
        type: 'text',
        value: (m) => JSON.stringify(m.declarations),
        expr: 'u.declarations::jsonb',
      },
      { name: 'valid_from', type: 'date', value: (m) => m.valid_from },
      { name: 'valid_to', type: 'date', value: (m) => m.valid_to },
      { name: 'source', type: 'text', value: source },
      { name: 'last_verified_on', type: 'date', value: (m) => m.last_verified_on },
    ],
    plan.memberships,
  );
  await insertUnnest(
    tx,
    tables.relationships,
    [
      { name: 'workspace_id', type: 'int', value: ws },
      { name: 'from_person_id', type: 'int', value: (r) => person(r.from) },
      {
        name: 'to_person_id',
        type: 'int',
        value: (r) => (r.to_person === null ? null : person(r.to_person)),
      },
      { name: 'to_organisation_id', type: 'int', value: (r) => r.to_organisation_id },
      { name: 'to_network_id', type: 'int', value: (r) => r.to_network_id },
      { name: 'kind', type: 'text', value: (r) => r.kind },
      { name: 'strength', type: 'smallint', value: (r) => r.strength },
      { name: 'evidence', type: 'text', value: (r) => r.evidence },
      { name: 'confidence', type: 'text', value: (r) => r.confidence },
      { name: 'valid_from', type: 'date', value: (r) => r.valid_from },
      { name: 'valid_to', type: 'date', value: (r) => r.valid_to },
      { name: 'source', type: 'text', value: source },
      { name: 'last_verified_on', type: 'date', value: (r) => r.last_verified_on },
    ],
    plan.relationships,
  );
}
