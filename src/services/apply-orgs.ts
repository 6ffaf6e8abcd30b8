import { dayBefore } from '../core/dates.ts';
import { normalCase, sameName } from '../core/names.ts';
import type { MembershipRecord, OrgRecord, RowError, SuccessionRecord } from '../importers/types.ts';
import type { ImportChange } from '../shared/import-schemas.ts';
import { insertRows } from '../storage/bulk.ts';
import type { Queryable } from '../storage/db.ts';

/** Counts and changes an apply step produces. */
export interface ApplyOutcome {
  /** Rows about organisations the Atlas does not hold (counted with the reader's ignored rows). */
  ignored?: number;
  created: number;
  changed: number;
  closed: number;
  unchanged: number;
  changes: ImportChange[];
  /** Rows refused while applying (e.g. a code already used by another kind of organisation). */
  errors: RowError[];
}

/**
 * A link's dated period from a file's start and end dates. ODS files sometimes give a join date
 * after the close date; then the link is held as lasting that one closing day.
 */
function period(
  from: string | null,
  to: string | null,
): { valid_from: string | null; valid_to: string | null } {
  return from && to && from > to ? { valid_from: to, valid_to: to } : { valid_from: from, valid_to: to };
}

export const emptyOutcome = (): ApplyOutcome => ({
  created: 0,
  changed: 0,
  closed: 0,
  unchanged: 0,
  changes: [],
  errors: [],
});

interface Held {
  id: number;
  code: string;
  kind: string;
  name: string;
  postcode: string | null;
  opened_on: string | null;
  closed_on: string | null;
  ods_status: string | null;
}

interface LatestLink {
  id: number;
  from_id: number;
  parent: string;
  valid_from: string | null;
  valid_to: string | null;
}

/** What an import knows of its file: where changes are recorded, and how to date them. */
export interface ApplyContext {
  importId: number | null;
  file: string;
  /** The file's vintage: the date a change with no date of its own is recorded at. */
  vintage: string;
  /** False when a newer file of this kind was already loaded: then only missing organisations are added. */
  current: boolean;
}

async function recordChanges(
  q: Queryable,
  ctx: ApplyContext,
  rows: (ImportChange & { organisation_id: number })[],
) {
  await insertRows(
    q,
    'organisation_changes',
    ['import_id', 'organisation_id', 'change', 'field', 'from_value', 'to_value', 'effective_on'],
    rows.map((r) => ({ ...r, import_id: ctx.importId, from_value: r.from, to_value: r.to })),
  );
}

/**
 * Brings organisations of one kind into step with a file's records and writes the differences as
 * history: opened, closed, reopened, renamed, moved (the old dated link closes the day before the
 * new one opens), changed. A record older than what the Atlas holds never rewinds it.
 */
export async function applyOrgs(q: Queryable, recs: OrgRecord[], ctx: ApplyContext): Promise<ApplyOutcome> {
  const out = emptyOutcome();
  if (recs.length === 0) return out;
  const kind = recs[0]!.kind;
  const linkKind = recs[0]!.parent?.kind ?? (kind === 'gp_practice' ? 'commissioned_by' : 'part_of');
  const held = new Map(
    (
      await q.query<Held>(
        'SELECT id, code, kind, name, postcode, opened_on, closed_on, ods_status FROM organisations WHERE code = ANY($1::text[])',
        [recs.map((r) => r.code)],
      )
    ).map((h) => [h.code, h]),
  );
  const parentCodes = [...new Set(recs.flatMap((r) => (r.parent ? [r.parent.code] : [])))];
  const parents = new Map(
    (
      await q.query<{ id: number; code: string }>(
        'SELECT id, code FROM organisations WHERE code = ANY($1::text[])',
        [parentCodes],
      )
    ).map((p) => [p.code, p.id]),
  );

  // 1. Organisations the Atlas does not hold yet.
  const fresh = recs.filter((r) => {
    const h = held.get(r.code);
    if (h && h.kind !== r.kind) {
      out.errors.push({
        file: ctx.file,
        line: r.line,
        field: 'code',
        message: `${r.code} is already a ${h.kind}, not a ${r.kind}`,
      });
      return false;
    }
    return !h;
  });
  if (fresh.length > 0) {
    await insertRows(
      q,
      'organisations',
      ['code', 'name', 'kind', 'opened_on', 'closed_on', 'postcode', 'ods_status', 'source'],
      fresh.map((r) => ({
        ...r,
        name: normalCase(r.name),
        ods_status: r.status,
        source: `${ctx.file} (ODS, ${ctx.vintage})`,
      })),
    );
    const ids = await q.query<Held>(
      'SELECT id, code, kind, name, postcode, opened_on, closed_on, ods_status FROM organisations WHERE code = ANY($1::text[])',
      [fresh.map((r) => r.code)],
    );
    const changes: (ImportChange & { organisation_id: number })[] = [];
    const links: Record<string, unknown>[] = [];
    const freshByCode = new Map(fresh.map((r) => [r.code, r]));
    for (const h of ids) {
      const r = freshByCode.get(h.code)!;
      const c = { code: r.code, kind: r.kind, organisation_id: h.id, field: null };
      changes.push({ ...c, change: 'opened', from: null, to: h.name, effective_on: r.opened_on });
      if (r.closed_on)
        changes.push({ ...c, change: 'closed', from: null, to: r.closed_on, effective_on: r.closed_on });
      const pid = r.parent ? parents.get(r.parent.code) : undefined;
      if (r.parent && pid !== undefined) {
        links.push({
          kind: r.parent.kind,
          from_id: h.id,
          to_id: pid,
          ...period(r.parent.from ?? r.opened_on, r.closed_on),
          source: ctx.file,
        });
      }
      out.created += 1;
    }
    await insertRows(
      q,
      'organisation_links',
      ['kind', 'from_id', 'to_id', 'valid_from', 'valid_to', 'source'],
      links,
    );
    await recordChanges(q, ctx, changes);
    out.changes.push(...changes.map(({ organisation_id: _, ...c }) => c));
  }

  // 2. Organisations already held: compare field by field.
  const known = recs.filter((r) => held.get(r.code)?.kind === r.kind);
  if (!ctx.current) {
    out.unchanged += known.length;
    return out;
  }
  const latest = new Map(
    (
      await q.query<LatestLink>(
        `SELECT DISTINCT ON (l.from_id) l.id, l.from_id, p.code AS parent, l.valid_from, l.valid_to
         FROM organisation_links l JOIN organisations p ON p.id = l.to_id
         WHERE l.kind = $1 AND l.from_id = ANY($2::int[])
         ORDER BY l.from_id, l.valid_from DESC NULLS LAST, l.id DESC`,
        [linkKind, known.map((r) => held.get(r.code)!.id)],
      )
    ).map((l) => [l.from_id, l]),
  );
  const changes: (ImportChange & { organisation_id: number })[] = [];
  for (const r of known) {
    const h = held.get(r.code)!;
    const mine: ImportChange[] = [];
    const add = (
      change: ImportChange['change'],
      field: string | null,
      from: string | null,
      to: string | null,
      eff: string | null,
    ) => mine.push({ code: r.code, kind: r.kind, change, field, from, to, effective_on: eff });
    const name = sameName(h.name, r.name) ? h.name : normalCase(r.name);
    if (name !== h.name) add('renamed', 'name', h.name, name, ctx.vintage);
    if ((r.postcode ?? null) !== h.postcode && r.postcode)
      add('changed', 'postcode', h.postcode, r.postcode, ctx.vintage);
    if (r.opened_on && r.opened_on !== h.opened_on)
      add('changed', 'opened_on', h.opened_on, r.opened_on, ctx.vintage);
    if (r.closed_on !== h.closed_on) {
      if (r.closed_on && !h.closed_on) add('closed', null, null, r.closed_on, r.closed_on);
      else if (!r.closed_on && h.closed_on) add('reopened', null, h.closed_on, null, ctx.vintage);
      else add('changed', 'closed_on', h.closed_on, r.closed_on, ctx.vintage);
    }
    if (r.status && r.status !== h.ods_status && !(r.closed_on !== h.closed_on))
      add('changed', 'status', h.ods_status, r.status, ctx.vintage);

    const l = latest.get(h.id);
    const pid = r.parent ? parents.get(r.parent.code) : undefined;
    if (r.parent && pid !== undefined && l?.parent !== r.parent.code) {
      const eff =
        r.parent.from && (!l?.valid_from || r.parent.from > l.valid_from) ? r.parent.from : ctx.vintage;
      // A file older than the held link never moves it back.
      if (!l?.valid_from || eff > l.valid_from) {
        if (l)
          await q.query('UPDATE organisation_links SET valid_to = $2 WHERE id = $1', [l.id, dayBefore(eff)]);
        const p = period(eff, r.closed_on);
        await q.query(
          'INSERT INTO organisation_links (kind, from_id, to_id, valid_from, valid_to, source) VALUES ($1, $2, $3, $4, $5, $6)',
          [r.parent.kind, h.id, pid, p.valid_from, p.valid_to, ctx.file],
        );
        add('moved', r.parent.kind, l?.parent ?? null, r.parent.code, eff);
      }
    } else if (l && r.closed_on && l.parent === r.parent?.code && (l.valid_to ?? '9999') > r.closed_on) {
      await q.query('UPDATE organisation_links SET valid_to = $2 WHERE id = $1', [l.id, r.closed_on]);
    }

    if (mine.length === 0) {
      out.unchanged += 1;
      continue;
    }
    await q.query(
      'UPDATE organisations SET name = $2, postcode = coalesce($3, postcode), opened_on = coalesce($4, opened_on), closed_on = $5, ods_status = coalesce($6, ods_status), updated_at = now() WHERE id = $1',
      [h.id, name, r.postcode, r.opened_on, r.closed_on, r.status],
    );
    if (mine.some((c) => c.change === 'closed') && mine.length === 1) out.closed += 1;
    else out.changed += 1;
    changes.push(...mine.map((c) => ({ ...c, organisation_id: h.id })));
  }
  await recordChanges(q, ctx, changes);
  out.changes.push(...changes.map(({ organisation_id: _, ...c }) => c));
  return out;
}

/** Brings practice → PCN memberships into step with the ePCN partners sheet (dated member_of links). */
export async function applyMemberships(
  q: Queryable,
  recs: MembershipRecord[],
  ctx: ApplyContext,
): Promise<ApplyOutcome & { unresolved: number }> {
  const out = { ...emptyOutcome(), unresolved: 0 };
  if (recs.length === 0) return out;
  const codes = [...new Set(recs.flatMap((r) => [r.practice, r.pcn]))];
  const ids = new Map(
    (
      await q.query<{ id: number; code: string }>(
        'SELECT id, code FROM organisations WHERE code = ANY($1::text[])',
        [codes],
      )
    ).map((o) => [o.code, o.id]),
  );
  const held = new Map(
    (
      await q.query<{
        id: number;
        practice: string;
        pcn: string;
        valid_from: string | null;
        valid_to: string | null;
      }>(
        `SELECT l.id, f.code AS practice, t.code AS pcn, l.valid_from, l.valid_to FROM organisation_links l
         JOIN organisations f ON f.id = l.from_id JOIN organisations t ON t.id = l.to_id
         WHERE l.kind = 'member_of' AND t.kind = 'pcn'`,
      )
    ).map((l) => [`${l.practice}|${l.pcn}|${l.valid_from ?? ''}`, l]),
  );
  const links: Record<string, unknown>[] = [];
  const changes: (ImportChange & { organisation_id: number })[] = [];
  for (const r of recs) {
    const pid = ids.get(r.practice);
    const nid = ids.get(r.pcn);
    if (pid === undefined || nid === undefined) {
      out.unresolved += 1;
      continue;
    }
    const key = `${r.practice}|${r.pcn}|${r.from ?? ''}`;
    const h = held.get(key);
    const base = { code: r.practice, kind: 'gp_practice', organisation_id: pid, field: 'pcn' };
    if (!h) {
      if (!ctx.current && r.to === null) {
        // An older file's open membership is not news today; keep it only as closed history.
        out.unchanged += 1;
        continue;
      }
      links.push({ kind: 'member_of', from_id: pid, to_id: nid, ...period(r.from, r.to), source: ctx.file });
      held.set(key, { id: -1, practice: r.practice, pcn: r.pcn, valid_from: r.from, valid_to: r.to });
      changes.push({ ...base, change: 'joined', from: null, to: r.pcn, effective_on: r.from });
      if (r.to) changes.push({ ...base, change: 'left', from: r.pcn, to: null, effective_on: r.to });
      out.created += 1;
    } else if (ctx.current && h.valid_to !== r.to) {
      await q.query('UPDATE organisation_links SET valid_to = $2 WHERE id = $1', [h.id, r.to]);
      changes.push({
        ...base,
        change: r.to ? 'left' : 'joined',
        from: r.to ? r.pcn : null,
        to: r.to ? null : r.pcn,
        effective_on: r.to ?? ctx.vintage,
      });
      if (r.to) out.closed += 1;
      else out.changed += 1;
    } else {
      out.unchanged += 1;
    }
  }
  await insertRows(
    q,
    'organisation_links',
    ['kind', 'from_id', 'to_id', 'valid_from', 'valid_to', 'source'],
    links,
  );
  await recordChanges(q, ctx, changes);
  out.changes.push(...changes.map(({ organisation_id: _, ...c }) => c));
  return out;
}

/**
 * Records re-codings from the ODS successor file where the Atlas holds both codes: a succession
 * (a merger when several old codes go to one new one on the same day, a split when one goes to
 * several, else a recode) and a `recoded` change on the old organisation. Rows about organisations
 * the Atlas does not hold are counted as ignored.
 */
export async function applySuccessions(
  q: Queryable,
  recs: SuccessionRecord[],
  ctx: ApplyContext,
): Promise<ApplyOutcome> {
  const out = { ...emptyOutcome(), ignored: 0 };
  const codes = [...new Set(recs.flatMap((r) => [r.old, r.new]))];
  const ids = new Map(
    (
      await q.query<{ id: number; code: string; kind: string }>(
        'SELECT id, code, kind FROM organisations WHERE code = ANY($1::text[])',
        [codes],
      )
    ).map((o) => [o.code, o]),
  );
  const toNew = new Map<string, number>();
  const fromOld = new Map<string, number>();
  for (const r of recs) {
    toNew.set(`${r.new}|${r.date}`, (toNew.get(`${r.new}|${r.date}`) ?? 0) + 1);
    fromOld.set(`${r.old}|${r.date}`, (fromOld.get(`${r.old}|${r.date}`) ?? 0) + 1);
  }
  const changes: (ImportChange & { organisation_id: number })[] = [];
  for (const r of recs) {
    const o = ids.get(r.old);
    const n = ids.get(r.new);
    if (!o || !n) {
      out.ignored += 1;
      continue;
    }
    const kind =
      (fromOld.get(`${r.old}|${r.date}`) ?? 0) > 1
        ? 'split'
        : (toNew.get(`${r.new}|${r.date}`) ?? 0) > 1
          ? 'merger'
          : 'recode';
    const inserted = await q.query<{ id: number }>(
      `INSERT INTO organisation_successions (predecessor_id, successor_id, effective_on, kind, source)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (predecessor_id, successor_id, effective_on) DO NOTHING RETURNING id`,
      [o.id, n.id, r.date, kind, ctx.file],
    );
    if (inserted.length === 0) {
      out.unchanged += 1;
      continue;
    }
    changes.push({
      code: r.old,
      kind: o.kind,
      organisation_id: o.id,
      change: 'recoded',
      field: kind,
      from: r.old,
      to: r.new,
      effective_on: r.date,
    });
    out.created += 1;
  }
  await recordChanges(q, ctx, changes);
  out.changes.push(...changes.map(({ organisation_id: _, ...c }) => c));
  return out;
}
