import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { importFiles } from '../src/services/import-files.ts';
import { collectStats } from '../src/services/stats.ts';
import type { Db } from '../src/storage/db.ts';
import { organisationHistory } from '../src/storage/imports-repo.ts';
import { getOrganisation } from '../src/storage/landscape-repo.ts';
import { ENGINES, freshDb } from './support/db.ts';
import { HAVE_SHARED, practicesOf, shared } from './support/shared-data.ts';

const clock = fakeClock('2026-11-24T12:00:00Z');
const A = () => shared('ods', 'epraccur_2025-09.csv');
const B = () => shared('ods', 'epraccur_2026-02.csv');
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

if (!HAVE_SHARED) console.log('[import tests] skipped: the shared NHS data folder is not beside the project');

describe.skipIf(!HAVE_SHARED).each(ENGINES)('importing GP practices with history on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  it('loads the September 2025 file, then February 2026, writing closures, openings, moves and renames as dated history', async () => {
    const a = practicesOf(A());
    const b = practicesOf(B());
    const [ra] = await importFiles(db, clock, [A()], { group: 'ods', via: 'cli' });
    expect(ra!.created).toBe(a.size);
    const afterA = await collectStats(db, '2025-09-15');
    expect(afterA.organisations.gp_practice).toBe(
      [...a.values()].filter((p) => !p.closed || iso(p.closed) >= '2025-09-15').length,
    );

    const [rb] = await importFiles(db, clock, [B()], { group: 'ods', via: 'cli' });
    expect(rb!.current).toBe(true);
    const changes = rb!.changes;
    const byCode = (code: string, change: string) =>
      changes.filter((c) => c.code === code && c.change === change);

    // Closed between the files (independently found): each appears as closed, with its date.
    const closed = [...b]
      .filter(([code, p]) => p.closed && a.has(code) && !a.get(code)!.closed)
      .map(([code]) => code);
    expect(closed.length).toBeGreaterThan(10);
    for (const code of closed)
      expect(byCode(code, 'closed')[0]?.effective_on, code).toBe(iso(b.get(code)!.closed));

    // Opened: in the newer file only.
    const opened = [...b.keys()].filter((code) => !a.has(code));
    expect(opened.length).toBeGreaterThan(0);
    for (const code of opened) expect(byCode(code, 'opened'), code).toHaveLength(1);
    expect(rb!.created).toBe(opened.length);

    // Moved to another sub-ICB location: as many as an independent comparison finds (none, between these two files).
    const moved = [...b]
      .filter(([code, p]) => a.has(code) && !p.closed && a.get(code)!.commissioner !== p.commissioner)
      .map(([code]) => code);
    expect(
      changes
        .filter((c) => c.change === 'moved')
        .map((c) => c.code)
        .sort(),
    ).toEqual(moved.sort());

    // Renamed (ignoring case and spacing).
    const renamed = [...b]
      .filter(([code, p]) => a.has(code) && norm(a.get(code)!.name) !== norm(p.name))
      .map(([code]) => code);
    expect(renamed.length).toBeGreaterThan(10);
    for (const code of renamed) expect(byCode(code, 'renamed'), code).toHaveLength(1);
    expect(changes.filter((c) => c.change === 'renamed')).toHaveLength(renamed.length);
    const [one] = renamed;
    const renamedNow = await getOrganisation(db, one!, '2026-11-24');
    expect(norm(renamedNow.organisation.name)).toBe(norm(b.get(one!)!.name));
    const history = await organisationHistory(db, one!);
    expect(history.find((h) => h.change === 'renamed')).toMatchObject({
      file_name: 'epraccur_2026-02.csv',
      from: expect.any(String),
    });

    // The structure as at a date before the second load is what the first file said.
    const closedOne = closed[0]!;
    const closedOn = iso(b.get(closedOne)!.closed);
    expect((await getOrganisation(db, closedOne, '2025-09-01')).organisation.status).toBe('open');
    expect(
      (await getOrganisation(db, closedOne, closedOn > '2025-09-01' ? '2026-11-24' : closedOn)).organisation
        .status,
    ).toBe('closed');

    // Open today: open in February's file, plus any open in September's that February's leaves out
    // (absence from a file is not a closure: ODS closures come with a close date).
    const now = await collectStats(db, '2026-11-24');
    const absentButOpen = [...a].filter(([code, p]) => !b.has(code) && !p.closed).length;
    expect(now.organisations.gp_practice).toBe(
      [...b.values()].filter((p) => !p.closed).length + absentButOpen,
    );
  });

  it('moves a practice to another sub-ICB location from its join date, keeping the old link before it', async () => {
    const b = practicesOf(B());
    const [code, p] = [...b].find(([, x]) => x.active && !x.closed && x.commissioner === '16C')!;
    const lines = fs.readFileSync(B(), 'utf8').split('\n');
    const moved = lines.map((l) =>
      l.startsWith(`"${code}",`)
        ? l
            .replace(/","16C","\d{8}","/, '","00P","20260301","')
            .replace(/","16C","","RO76"/, '","00P","","RO76"')
        : l,
    );
    expect(moved.join('\n')).not.toBe(lines.join('\n'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-move-'));
    const file = path.join(dir, 'epraccur_2026-03_one_move.csv');
    fs.writeFileSync(file, moved.join('\n'));
    const [r] = await importFiles(db, clock, [file], { group: 'ods', via: 'cli' });
    expect(r!.changes.filter((c) => c.change === 'moved')).toEqual([
      {
        code,
        kind: 'gp_practice',
        change: 'moved',
        field: 'commissioned_by',
        from: '16C',
        to: '00P',
        effective_on: '2026-03-01',
      },
    ]);
    expect((await getOrganisation(db, code, '2026-02-28')).parents.at(-1)?.code).toBe(p.commissioner);
    expect((await getOrganisation(db, code, '2026-03-01')).parents.at(-1)?.code).toBe('00P');
    // And back, so the later tests see February's file as the present.
    await importFiles(db, clock, [B()], { group: 'ods', via: 'cli' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const [r] = await importFiles(db, clock, [B()], { group: 'ods', via: 'cli' });
    expect({
      created: r!.created,
      changed: r!.changed,
      closed: r!.closed,
      changes: r!.changes.length,
    }).toEqual({ created: 0, changed: 0, closed: 0, changes: 0 });
    expect(r!.unchanged).toBe(practicesOf(B()).size);
  });

  it('does not rewind the present when an older file comes after a newer one', async () => {
    const a = practicesOf(A());
    const b = practicesOf(B());
    const renamed = [...b].find(([c, p]) => a.has(c) && norm(a.get(c)!.name) !== norm(p.name))![0];
    const [r] = await importFiles(db, clock, [A()], { group: 'ods', via: 'cli' });
    expect(r!.current).toBe(false);
    expect(r!.changes).toEqual([]);
    // The newer name stands; the older file did not rename it back.
    expect(norm((await getOrganisation(db, renamed, '2026-11-24')).organisation.name)).toBe(
      norm(b.get(renamed)!.name),
    );
  });

  it('a dry run reports the changes and writes nothing', async () => {
    const fresh = await freshDb(engine);
    try {
      const [r] = await importFiles(fresh, clock, [B()], { group: 'ods', via: 'cli', dryRun: true });
      expect(r!.dry_run).toBe(true);
      expect(r!.created).toBe(practicesOf(B()).size);
      const s = await collectStats(fresh, '2026-11-24');
      expect(s.organisations.gp_practice).toBeUndefined();
      const [n] = await fresh.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM imports WHERE format <> 'national-reference'",
      );
      expect(n!.n).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

describe.each(ENGINES)('bad input on %s', (engine) => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    db = await freshDb(engine);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bad-'));
  });
  afterAll(async () => {
    await db.close();
  });
  const row = (code: string, name: string, open: string, sicbl = '16C') =>
    `"${code}","${name}","Y63","QHM","1 HIGH STREET","","","TOWN","","TS1 1AA","${open}","","ACTIVE","B","${sicbl}","20200401","","01234 567890","","","","1","","${sicbl}","","RO76",""`;

  it('stops before writing anything on a bad row, naming file, line and field', async () => {
    const file = path.join(dir, 'practices.csv');
    fs.writeFileSync(
      file,
      [
        row('Z99901', 'FICTIONAL SURGERY ONE', '20200101'),
        row('Z99902', 'FICTIONAL SURGERY TWO', '20201341'),
      ].join('\r\n'),
    );
    await expect(importFiles(db, clock, [file], { group: 'ods', via: 'cli' })).rejects.toThrow(
      /practices\.csv:2: .*date/i,
    );
    const [n] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM organisations WHERE code LIKE 'Z999%'",
    );
    expect(n!.n).toBe(0);
  });

  it('with --skip-invalid imports the good rows and lists the skipped ones', async () => {
    const file = path.join(dir, 'practices2.csv');
    fs.writeFileSync(
      file,
      [
        row('Z99903', 'FICTIONAL SURGERY THREE', '20200101'),
        row('Z99904', 'FICTIONAL SURGERY FOUR', 'notadate'),
      ].join('\n'),
    );
    const [r] = await importFiles(db, clock, [file], { group: 'ods', via: 'cli', skipInvalid: true });
    expect(r!.created).toBe(1);
    expect(r!.skipped).toBe(1);
    expect(r!.skipped_rows[0]).toMatchObject({ file: 'practices2.csv', line: 2 });
    const d = await getOrganisation(db, 'Z99903', '2026-11-24');
    expect(d.organisation.name).toBe('Fictional Surgery Three');
    expect(d.parents.at(-1)?.code).toBe('16C');
  });

  it('records re-codings from the ODS successor file, once', async () => {
    const file = path.join(dir, 'succ.csv');
    fs.writeFileSync(
      file,
      '"old_code","new_code","date"\n"Z99903","Z99905",2026-05-01\n"Z99903","Z99903",2026-05-01\n"X00001","Y00001",2020-01-01\n',
    );
    const row = (code: string) =>
      `"${code}","FICTIONAL SURGERY FIVE","Y63","QHM","1 HIGH STREET","","","TOWN","","TS1 1AA","20260501","","ACTIVE","B","16C","20260501","","01234 567890","","","","1","","16C","","RO76",""`;
    const practice = path.join(dir, 'practice5.csv');
    fs.writeFileSync(practice, `${row('Z99905')}\n`);
    await importFiles(db, clock, [practice], { group: 'ods', via: 'cli' });
    const [r] = await importFiles(db, clock, [file], { group: 'ods', via: 'cli' });
    expect(r!.changes).toEqual([
      {
        code: 'Z99903',
        kind: 'gp_practice',
        change: 'recoded',
        field: 'recode',
        from: 'Z99903',
        to: 'Z99905',
        effective_on: '2026-05-01',
      },
    ]);
    expect(r!.ignored).toBe(2); // a code carried on to itself; codes the Atlas does not hold
    const d = await getOrganisation(db, 'Z99903', '2026-11-24');
    expect(d.successors.map((x) => [x.organisation.code, x.kind, x.effective_on])).toEqual([
      ['Z99905', 'recode', '2026-05-01'],
    ]);
    const [again] = await importFiles(db, clock, [file], { group: 'ods', via: 'cli' });
    expect([again!.created, again!.unchanged, again!.changes.length]).toEqual([0, 1, 0]);
  });

  it('refuses a file of the wrong shape with one line saying what was expected', async () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'hello,world\n1,2\n');
    await expect(importFiles(db, clock, [file], { group: 'ods', via: 'cli' })).rejects.toThrow(
      /notes\.txt: .*expected/,
    );
  });
});
