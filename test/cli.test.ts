import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../src/storage/migrate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs `npx atlas …` as a person would, on its own data dir; returns status and output. */
function atlas(dataDir: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/atlas.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    env: { ...process.env, ATLAS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('the atlas command', () => {
  it('migrates an empty data dir, loads the reference and counts what is open (stats --json)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-cli-'));
    const m = atlas(dir, ['migrate', '--json']);
    expect(m.status, m.err).toBe(0);
    expect(JSON.parse(m.out)).toMatchObject({
      database: 'pglite',
      migrations: readMigrations().map((x) => x.name),
    });
    const today = JSON.parse(atlas(dir, ['stats', '--json']).out) as Record<string, unknown>;
    expect(Object.keys(today).sort()).toEqual(['database', 'networks', 'organisations', 'people']);
    expect(today).toMatchObject({
      organisations: { icb: 36, nhs_region: 7 },
      networks: { cancer_alliance: 20 },
      people: 0,
      database: 'pglite',
    });
    const before = JSON.parse(atlas(dir, ['stats', '--json', '--as-at', '2025-06-01']).out) as {
      organisations: { icb: number };
    };
    expect(before.organisations.icb).toBe(42);
  });

  it('answers bad input with one clear line and a non-zero status', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-cli-'));
    for (const [args, pattern] of [
      [['stats', '--as-at', '2026-02-30'], /--as-at: "2026-02-30" is not a date/],
      [['stats', '--colour'], /Unknown option '--colour'/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [
        ['user', 'add', 'x@example.org', '--workspace', 'Nope', '--role', 'king'],
        /--role: "king" is not one of/,
      ],
      [['token', 'revoke', 'abc'], /"abc" is not a token id/],
    ] as const) {
      const r = atlas(dir, [...args]);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toMatch(pattern);
    }
  });

  it('prints help for every command', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-cli-'));
    const top = atlas(dir, ['--help']);
    expect(top.status).toBe(0);
    for (const cmd of [
      'start',
      'migrate',
      'stats',
      'workspace add',
      'workspace list',
      'user add',
      'user list',
      'user disable',
      'token create',
      'token revoke',
    ]) {
      expect(top.out).toContain(cmd);
      const h = atlas(dir, [...cmd.split(' '), '--help']);
      expect(h.status, cmd).toBe(0);
      expect(h.out, cmd).toMatch(/^Usage: npx atlas /m);
    }
  });

  it('manages workspaces, users and tokens (--json where scripts read it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-cli-'));
    const w = atlas(dir, ['workspace', 'add', 'Respiratory', 'network', '--json']);
    expect(w.status, w.err).toBe(0);
    expect(JSON.parse(w.out)).toMatchObject({ name: 'Respiratory network' });
    expect(atlas(dir, ['workspace', 'add', 'Respiratory network']).err).toMatch(/already exists/);

    const u = atlas(
      dir,
      [
        'user',
        'add',
        'Lead@Example.org',
        '--workspace',
        'Respiratory network',
        '--role',
        'owner',
        '--password-stdin',
        '--json',
      ],
      'a long enough password\n',
    );
    expect(u.status, u.err).toBe(0);
    expect(JSON.parse(u.out)).toMatchObject({ email: 'lead@example.org', created: true, role: 'owner' });
    const weak = atlas(
      dir,
      [
        'user',
        'add',
        'weak@example.org',
        '--workspace',
        'Respiratory network',
        '--role',
        'viewer',
        '--password-stdin',
      ],
      'short\n',
    );
    expect(weak.err).toMatch(/password: must be at least 12 characters/);

    const users = JSON.parse(atlas(dir, ['user', 'list', '--json']).out) as {
      email: string;
      workspaces: string[];
    }[];
    expect(users.map((x) => x.email)).toEqual(['lead@example.org']);
    expect(users[0]!.workspaces).toEqual(['Respiratory network (owner)']);

    const t = atlas(dir, [
      'token',
      'create',
      '--user',
      'lead@example.org',
      '--workspace',
      'Respiratory network',
      '--name',
      'nightly',
      '--expires-in',
      '30d',
      '--json',
    ]);
    expect(t.status, t.err).toBe(0);
    const token = JSON.parse(t.out) as { id: number; token: string; expires_at: string };
    expect(token.token).toMatch(/^atlas_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{40,}$/);
    const days = (Date.parse(token.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    expect(atlas(dir, ['token', 'revoke', String(token.id), '--json']).out).toContain('"revoked":true');
    expect(atlas(dir, ['token', 'revoke', String(token.id)]).err).toMatch(/no active token/);

    const d = atlas(dir, ['user', 'disable', 'lead@example.org', '--json']);
    expect(JSON.parse(d.out)).toMatchObject({ email: 'lead@example.org', disabled: true });
    const after = JSON.parse(atlas(dir, ['user', 'list', '--json']).out) as { disabled: boolean }[];
    expect(after[0]!.disabled).toBe(true);
  }, 240_000); // some twenty processes, each opening the embedded database
});
