import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../scripts/build-reference.ts';
import { REFERENCE_FILE, readReference } from '../src/services/load-reference.ts';
import type { NationalReference } from '../src/storage/reference-format.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(process.env.ATLAS_SHARED_DATA ?? path.join(REPO, '..', 'shared', 'data'));
const HAS_SHARED = fs.existsSync(path.join(SHARED, 'ods', 'etr_2026-06.csv'));
if (!HAS_SHARED) {
  console.log(
    `[reference tests] comparison with the shared source files skipped: ${SHARED} not found (set ATLAS_SHARED_DATA to run it)`,
  );
}

const { ref } = readReference(REFERENCE_FILE);
const BEFORE = '2025-06-01';
const TODAY = '2026-11-24';

type Org = NationalReference['organisations'][number];
type Link = NationalReference['links'][number];

// --- A small, pure "as at" view of the reference (dates inclusive at both ends) -----------------

function openOn(from: string | null, to: string | null, day: string): boolean {
  return (from === null || from <= day) && (to === null || to >= day);
}

const byCode = new Map(ref.organisations.map((o) => [o.code, o]));

function orgsAsAt(r: NationalReference, day: string, kind?: Org['kind']): Org[] {
  return r.organisations.filter((o) => (!kind || o.kind === kind) && openOn(o.opened_on, o.closed_on, day));
}

/** The part_of parents of an organisation valid on a day (the link, not the parent, is dated). */
function parentsAsAt(r: NationalReference, code: string, day: string, kind?: Org['kind']): Link[] {
  return r.links.filter(
    (l) =>
      l.kind === 'part_of' &&
      l.from === code &&
      openOn(l.valid_from, l.valid_to, day) &&
      (!kind || byCode.get(l.to)?.kind === kind),
  );
}

function onlyParent(code: string, day: string, kind: Org['kind']): string {
  const p = parentsAsAt(ref, code, day, kind);
  expect(
    p.map((l) => l.to),
    `${code} on ${day}`,
  ).toHaveLength(1);
  return p[0]!.to;
}

// --- Reading the shared source files -------------------------------------------------------------

function table(...p: string[]): Record<string, string>[] {
  const [head, ...rows] = parseCsv(fs.readFileSync(path.join(SHARED, ...p), 'utf8'));
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

function ods(...p: string[]): string[][] {
  return parseCsv(fs.readFileSync(path.join(SHARED, ...p), 'utf8'));
}

const iso = (v: string | undefined) => (v ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : null);

// --- Tests that need only the committed reference -------------------------------------------------

describe('national reference (committed file)', () => {
  it('has the expected counts of each level', () => {
    const count = (k: Org['kind']) => ref.organisations.filter((o) => o.kind === k).length;
    expect(count('nhs_region')).toBe(7);
    expect(count('icb')).toBe(48);
    expect(count('sub_icb_location')).toBe(106);
    expect(count('place')).toBeGreaterThan(290);
    expect(count('nhs_trust')).toBeGreaterThan(200);
    expect(ref.successions).toHaveLength(16);
    expect(ref.networks.filter((n) => n.kind === 'cancer_alliance')).toHaveLength(20);
    expect(ref.networks.filter((n) => n.kind === 'health_innovation_network')).toHaveLength(15);
  });

  it('counts 42 ICBs as at 1 June 2025 and 36 as at 24 November 2026', () => {
    expect(orgsAsAt(ref, BEFORE, 'icb')).toHaveLength(42);
    expect(orgsAsAt(ref, TODAY, 'icb')).toHaveLength(36);
    expect(orgsAsAt(ref, '2026-03-31', 'icb')).toHaveLength(42);
    expect(orgsAsAt(ref, '2026-04-01', 'icb')).toHaveLength(36);
    expect(orgsAsAt(ref, '2022-06-30', 'icb')).toHaveLength(0);
  });

  it('resolves every code it uses', () => {
    const netCodes = new Set(ref.networks.map((n) => n.code));
    const unknown: string[] = [];
    for (const l of ref.links) for (const c of [l.from, l.to]) if (!byCode.has(c)) unknown.push(c);
    for (const s of ref.successions)
      for (const c of [s.predecessor, s.successor]) if (!byCode.has(c)) unknown.push(c);
    for (const n of ref.networks)
      for (const c of [n.host, n.region]) if (c !== null && !byCode.has(c)) unknown.push(c);
    for (const f of ref.footprints) {
      if (!byCode.has(f.organisation)) unknown.push(f.organisation);
      if (!netCodes.has(f.network)) unknown.push(f.network);
    }
    expect(unknown).toEqual([]);
    expect(new Set(ref.organisations.map((o) => o.code)).size).toBe(ref.organisations.length);
    expect(netCodes.size).toBe(ref.networks.length);
  });

  it('has no overlapping part_of periods for the same organisation and parent kind', () => {
    const overlaps: string[] = [];
    const groups = new Map<string, Link[]>();
    for (const l of ref.links) {
      if (l.kind !== 'part_of') continue;
      expect(l.valid_to === null || l.valid_from === null || l.valid_from <= l.valid_to).toBe(true);
      const k = `${l.from}>${byCode.get(l.to)!.kind}`;
      groups.set(k, [...(groups.get(k) ?? []), l]);
    }
    for (const [k, ls] of groups) {
      for (let i = 0; i < ls.length; i++) {
        for (let j = i + 1; j < ls.length; j++) {
          const a = ls[i]!;
          const b = ls[j]!;
          const aFrom = a.valid_from ?? '0000-00-00';
          const bFrom = b.valid_from ?? '0000-00-00';
          const aTo = a.valid_to ?? '9999-12-31';
          const bTo = b.valid_to ?? '9999-12-31';
          if (aFrom <= bTo && bFrom <= aTo) overlaps.push(`${k}: ${a.to} / ${b.to}`);
        }
      }
    }
    expect(overlaps).toEqual([]);
  });

  it('gives every sub-ICB location and place exactly one open ICB, before and after April 2026', () => {
    for (const o of ref.organisations.filter((x) => x.kind === 'sub_icb_location' || x.kind === 'place')) {
      for (const day of [BEFORE, TODAY]) {
        const icb = byCode.get(onlyParent(o.code, day, 'icb'))!;
        expect(openOn(icb.opened_on, icb.closed_on, day), `${o.code} → ${icb.code} on ${day}`).toBe(true);
      }
    }
  });

  it('gives every open ICB one region, and every open English trust one open ICB', () => {
    for (const day of [BEFORE, TODAY]) {
      for (const icb of orgsAsAt(ref, day, 'icb'))
        expect(byCode.get(onlyParent(icb.code, day, 'nhs_region'))).toBeTruthy();
      for (const t of orgsAsAt(ref, day, 'nhs_trust')) {
        const icb = byCode.get(onlyParent(t.code, day, 'icb'))!;
        expect(openOn(icb.opened_on, icb.closed_on, day), `${t.code} → ${icb.code} on ${day}`).toBe(true);
      }
    }
  });

  it('marks derived places and inferred links as likely', () => {
    const places = ref.organisations.filter((o) => o.kind === 'place');
    expect(places.every((p) => p.derived && p.confidence === 'likely' && p.code === p.ons_code)).toBe(true);
    const after = ref.links.filter(
      (l) => l.valid_from === '2026-04-01' && byCode.get(l.from)?.kind === 'sub_icb_location',
    );
    const moved = ref.organisations.filter(
      (o) =>
        o.kind === 'sub_icb_location' && byCode.get(onlyParent(o.code, BEFORE, 'icb'))!.closed_on !== null,
    );
    expect(moved.length).toBeGreaterThan(20);
    expect(after.map((l) => l.from).sort()).toEqual(moved.map((o) => o.code).sort());
    expect(after.every((l) => l.confidence === 'likely')).toBe(true);
  });

  it('places the split Frimley sub-ICB location with the successor holding most of it', () => {
    expect(onlyParent('D4U1Y', BEFORE, 'icb')).toBe('QNQ');
    expect(onlyParent('D4U1Y', TODAY, 'icb')).toBe('S0E4D');
    expect(onlyParent('07H', TODAY, 'icb')).toBe('D7T5G');
    expect(onlyParent('06T', TODAY, 'icb')).toBe('D7T5G');
    expect(onlyParent('06K', TODAY, 'icb')).toBe('S1Y5D');
    expect(onlyParent('07K', TODAY, 'icb')).toBe('T6Y0W');
    expect(onlyParent('E07000089', TODAY, 'icb')).toBe('QRL'); // Hart
    expect(onlyParent('E07000214', TODAY, 'icb')).toBe('S9B9J'); // Surrey Heath
  });
});

// --- Tests against the shared source files, when present ------------------------------------------

describe.skipIf(!HAS_SHARED)('national reference against the shared source files', () => {
  it('has the 7 regions with ODS and ONS codes and names', () => {
    const rows = table('ods', 'nhs_england_regions.csv');
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      const o = byCode.get(r.region_ods_code!)!;
      expect(o.kind).toBe('nhs_region');
      expect(o.name).toBe(r.region_name);
      expect(o.ons_code).toBe(r.region_ons_code);
    }
  });

  it('has the 42 ICBs of July 2022 with codes, names and regions', () => {
    const rows = table('ods', 'sicbl_icb_region_2022-07.csv');
    const names = new Map(table('ods', 'icb24_names_codes.csv').map((r) => [r.ICB24CDH!, r]));
    const icbs = new Map(rows.map((r) => [r['ICB Code']!, r]));
    expect(icbs.size).toBe(42);
    for (const [code, r] of icbs) {
      const o = byCode.get(code)!;
      expect(o.kind).toBe('icb');
      expect(o.opened_on).toBe('2022-07-01');
      expect(o.name).toBe(names.get(code)!.ICB24NM);
      expect(o.name.toUpperCase()).toBe(r['Integrated Care Board Name']);
      expect(o.ons_code).toBe(names.get(code)!.ICB24CD);
      expect(onlyParent(code, BEFORE, 'nhs_region')).toBe(r['Region Code']);
    }
    expect(new Set(orgsAsAt(ref, BEFORE, 'icb').map((o) => o.code))).toEqual(new Set(icbs.keys()));
  });

  it('closes the merged ICBs into their successors as the succession file says', () => {
    const rows = table('networks', 'icb_successions_2026-04.csv');
    const expected = new Map<string, Set<string>>();
    for (const r of rows)
      expected.set(
        r.predecessor_ods_code!,
        new Set([...(expected.get(r.predecessor_ods_code!) ?? []), r.successor_ods_code!]),
      );
    for (const r of rows) {
      const s = ref.successions.find(
        (x) => x.predecessor === r.predecessor_ods_code && x.successor === r.successor_ods_code,
      );
      expect(s?.kind).toBe(r.succession_type);
      expect(s?.effective_on).toBe(r.succession_date);
    }
    const closed = ref.organisations.filter((o) => o.kind === 'icb' && o.closed_on !== null);
    expect(closed).toHaveLength(12);
    for (const o of closed) {
      expect(o.closed_on).toBe('2026-03-31');
      const got = new Set(ref.successions.filter((s) => s.predecessor === o.code).map((s) => s.successor));
      expect(got).toEqual(expected.get(o.code));
    }
    for (const r of table('networks', 'icbs_2026-04_new_and_changed.csv')) {
      const o = byCode.get(r.ods_code!)!;
      expect(o.name).toBe(r.name);
      expect(o.closed_on).toBeNull();
      expect(onlyParent(o.code, TODAY, 'nhs_region')).toBe(r.nhs_region_ods_code);
      if (o.code !== 'QRL') expect(o.opened_on).toBe('2026-04-01');
    }
  });

  it('has the 106 sub-ICB locations with names, ONS codes and ICBs before and after April 2026', () => {
    const rows = table('ods', 'sicbl_icb_region_2022-07.csv');
    const ons = new Map(
      table('geography', 'lsoa21_sicbl24_icb24.csv').map((r) => [r.sicbl24_code_nhs!, r.sicbl24_code!]),
    );
    const eccg = new Map(ods('ods', 'eccg_2024-07.csv').map((r) => [r[0]!, r]));
    const successors = new Map<string, string[]>();
    for (const s of ref.successions)
      successors.set(s.predecessor, [...(successors.get(s.predecessor) ?? []), s.successor]);
    expect(rows).toHaveLength(106);
    for (const r of rows) {
      const code = r['Sub ICB Location ODS Code']!;
      const o = byCode.get(code)!;
      expect(o.kind).toBe('sub_icb_location');
      expect(o.name.toUpperCase()).toBe(r['Sub ICB Location Name']!.replace(/\s+/g, ' '));
      expect(o.ons_code).toBe(ons.get(code));
      expect(o.closed_on).toBe(iso(eccg.get(code)![11]));
      const icb = r['ICB Code']!;
      expect(eccg.get(code)![3]).toBe(icb);
      expect(onlyParent(code, BEFORE, 'icb')).toBe(icb);
      const after = onlyParent(code, TODAY, 'icb');
      if (byCode.get(icb)!.closed_on === null) expect(after).toBe(icb);
      else expect(successors.get(icb)).toContain(after);
    }
  });

  it('links trusts to the ICB of the ODS trust files before and after April 2026', () => {
    let checked = 0;
    for (const [file, day] of [
      ['etr_2024-12.csv', BEFORE],
      ['etr_2026-06.csv', TODAY],
    ] as const) {
      for (const r of ods('ods', file)) {
        if (!r[3]) continue; // Welsh trusts
        const open = openOn(iso(r[10]), iso(r[11]), day) && (file === 'etr_2026-06.csv' || !r[11]);
        if (!open) continue;
        expect(onlyParent(r[0]!, day, 'icb'), `${r[0]} on ${day}`).toBe(r[3]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(390);
    const newest = new Map(ods('ods', 'etr_2026-06.csv').map((r) => [r[0]!, r]));
    expect(byCode.get('K0N6A')?.opened_on).toBe('2026-06-01');
    expect(byCode.get('RVJ')?.closed_on).toBe('2026-06-30');
    expect(byCode.get('RA7')?.name.toUpperCase()).toBe(newest.get('RA7')![1]);
    expect(parentsAsAt(ref, 'RNK', TODAY)).toEqual([]);
  });

  it('has the 20 Cancer Alliances and 15 Health Innovation Networks of the source files', () => {
    const ca = new Set(
      table('networks', 'cancer_alliance_icb_footprints_2026.csv').map((r) => r.cancer_alliance_code!),
    );
    expect(ca.size).toBe(20);
    expect(new Set(ref.networks.filter((n) => n.kind === 'cancer_alliance').map((n) => n.code))).toEqual(ca);
    const members = table('networks', 'cancer_alliance_trusts_2026.csv').filter(
      (r) => r.cancer_alliance_code,
    );
    const got = new Set(
      ref.footprints
        .filter((f) => f.role === 'member' && ca.has(f.network))
        .map((f) => `${f.network}:${f.organisation}`),
    );
    const missing = members
      .filter((m) => !got.has(`${m.cancer_alliance_code}:${m.ods_code}`))
      .map((m) => m.ods_code);
    expect(missing).toEqual(missing.filter((c) => !byCode.has(c!))); // only trusts absent from ODS files are missing
    expect(missing.length).toBeLessThanOrEqual(1);
    const hins = table('networks', 'health_innovation_networks.csv');
    expect(hins).toHaveLength(15);
    const hinNames = new Set(
      ref.networks.filter((n) => n.kind === 'health_innovation_network').map((n) => n.name),
    );
    expect(hinNames).toEqual(new Set(hins.map((h) => h.hin_name)));
  });
});
