import { loadConfig, withOverrides } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import { parseDuration, ROLES, type Role } from '../../core/roles.ts';
import { createLog } from '../../logger.ts';
import { randomToken } from '../../services/crypto.ts';
import { openDatabase } from '../../services/open-database.ts';
import { workspaceService } from '../../services/workspaces.ts';
import type { Db } from '../../storage/db.ts';
import { type Command, DATA_DIR, JSON_FLAG } from '../command.ts';
import { table } from '../output.ts';

const CLI = { cli: true } as const;

async function withService<T>(
  v: Record<string, string | boolean | undefined>,
  fn: (s: ReturnType<typeof workspaceService>, db: Db) => Promise<T>,
): Promise<T> {
  const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
  const db = await openDatabase(config, createLog('warn'), { handleSignals: true });
  try {
    return await fn(workspaceService({ db, clock: systemClock }), db);
  } finally {
    await db.close();
  }
}

function one(p: string[], what: string): string {
  if (p.length !== 1 || !p[0]) throw new DomainError('invalid', `expected one ${what}`);
  return p[0];
}

function required(v: Record<string, string | boolean | undefined>, flag: string): string {
  const x = v[flag];
  if (typeof x !== 'string' || x.trim() === '') throw new DomainError('invalid', `--${flag} is required`);
  return x;
}

export const workspaceAdd: Command = {
  summary: "Create a workspace (a team's private space)",
  usage: 'atlas workspace add <name> [--json]',
  options: { json: JSON_FLAG, 'data-dir': DATA_DIR },
  async run(v, p, io) {
    const name = p.join(' ').trim();
    if (!name) throw new DomainError('invalid', 'expected a workspace name');
    const w = await withService(v, (s) => s.addWorkspace(name, CLI));
    io.out(v.json ? JSON.stringify(w) : `Created workspace "${w.name}" (id ${w.id})`);
    return 0;
  },
};

export const workspaceList: Command = {
  summary: 'List workspaces',
  usage: 'atlas workspace list [--json]',
  options: { json: JSON_FLAG, 'data-dir': DATA_DIR },
  async run(v, _p, io) {
    const rows = await withService(v, (s) => s.listWorkspaces());
    if (v.json) io.out(JSON.stringify(rows));
    else if (rows.length === 0) io.out('No workspaces yet: npx atlas workspace add "Your team"');
    else
      io.out(
        table([
          ['id', 'name', 'members', 'second factor required'],
          ...rows.map((w) => [w.id, w.name, w.members, w.require_second_factor ? 'yes' : 'no']),
        ]),
      );
    return 0;
  },
};

export const userAdd: Command = {
  summary: 'Add a user to a workspace with a role (creating the account if new)',
  usage:
    'atlas user add <email> --workspace <name> --role owner|admin|editor|viewer [--name NAME] [--password-stdin] [--json]',
  options: {
    workspace: { type: 'string', description: 'the workspace to join' },
    role: { type: 'string', description: `one of ${ROLES.join(', ')}` },
    name: { type: 'string', description: 'display name' },
    'password-stdin': {
      type: 'boolean',
      description: 'read the password from standard input (else one is generated and printed once)',
    },
    json: JSON_FLAG,
    'data-dir': DATA_DIR,
  },
  async run(v, p, io) {
    const email = one(p, 'email address');
    const role = required(v, 'role') as Role;
    if (!ROLES.includes(role))
      throw new DomainError('invalid', `--role: "${role}" is not one of ${ROLES.join(', ')}`);
    const workspace = required(v, 'workspace');
    let password: string;
    let generated = false;
    if (v['password-stdin']) {
      password = (await io.readStdin()).replace(/\r?\n$/, '');
    } else {
      password = randomToken(18);
      generated = true;
    }
    const r = await withService(v, (s) =>
      s.addUser({ email, password, displayName: v.name as string | undefined, workspace, role }, CLI),
    );
    const pw = generated && r.created ? password : undefined;
    if (v.json)
      io.out(
        JSON.stringify({
          id: r.id,
          email: r.email,
          created: r.created,
          workspace,
          role,
          ...(pw ? { password: pw } : {}),
        }),
      );
    else {
      io.out(`${r.created ? 'Created' : 'Updated'} ${r.email} as ${role} of "${workspace}"`);
      if (pw) io.out(`Password (shown once; change it after signing in): ${pw}`);
    }
    return 0;
  },
};

export const userList: Command = {
  summary: 'List users and their workspaces',
  usage: 'atlas user list [--json]',
  options: { json: JSON_FLAG, 'data-dir': DATA_DIR },
  async run(v, _p, io) {
    const rows = await withService(v, (s) => s.listUsers());
    if (v.json) io.out(JSON.stringify(rows));
    else
      io.out(
        table([
          ['id', 'email', 'status', 'second factor', 'workspaces'],
          ...rows.map((u) => [
            u.id,
            u.email,
            u.disabled ? 'disabled' : 'active',
            u.second_factor ? 'yes' : 'no',
            u.workspaces.join(', '),
          ]),
        ]),
      );
    return 0;
  },
};

export const userDisable: Command = {
  summary: 'Disable a user: their sessions end at once and their tokens stop working',
  usage: 'atlas user disable <email> [--json]',
  options: { json: JSON_FLAG, 'data-dir': DATA_DIR },
  async run(v, p, io) {
    const email = one(p, 'email address');
    const r = await withService(v, (s) => s.disableUser(email, CLI));
    io.out(
      v.json
        ? JSON.stringify({ id: r.id, email, disabled: true, sessions_ended: r.sessions_ended })
        : `Disabled ${email}; ${r.sessions_ended} session(s) ended`,
    );
    return 0;
  },
};

export const tokenCreate: Command = {
  summary: 'Create an API token for a user in a workspace (printed once)',
  usage: 'atlas token create --user <email> --workspace <name> --name <label> [--expires-in 30d] [--json]',
  options: {
    user: { type: 'string', description: 'the user the token acts as' },
    workspace: { type: 'string', description: 'the workspace it is bound to' },
    name: { type: 'string', description: 'a label, e.g. "nightly export"' },
    'expires-in': {
      type: 'string',
      description: 'lifetime: 30d, 12h or a number of days (default 90d, at most 366d)',
    },
    json: JSON_FLAG,
    'data-dir': DATA_DIR,
  },
  async run(v, _p, io) {
    const ms = parseDuration((v['expires-in'] as string | undefined) ?? '90d');
    if (ms === null)
      throw new DomainError(
        'invalid',
        `--expires-in: "${v['expires-in']}" is not a duration like 30d or 12h`,
      );
    const t = await withService(v, async (s) => {
      const userId = await s.userIdByEmail(required(v, 'user'));
      const w = await s.workspaceByName(required(v, 'workspace'));
      return s.createToken({ userId, workspaceId: w.id, name: required(v, 'name'), expiresInMs: ms }, CLI);
    });
    if (v.json) io.out(JSON.stringify({ id: t.id, token: t.token, expires_at: t.expires_at }));
    else {
      io.out(`Token ${t.id} (expires ${t.expires_at}). Copy it now: it is not shown again.`);
      io.out(t.token);
    }
    return 0;
  },
};

export const tokenRevoke: Command = {
  summary: 'Revoke an API token by id',
  usage: 'atlas token revoke <id> [--json]',
  options: { json: JSON_FLAG, 'data-dir': DATA_DIR },
  async run(v, p, io) {
    const id = Number(one(p, 'token id'));
    if (!Number.isInteger(id) || id < 1) throw new DomainError('invalid', `"${p[0]}" is not a token id`);
    await withService(v, (s) => s.revokeToken(id, CLI));
    io.out(v.json ? JSON.stringify({ id, revoked: true }) : `Revoked token ${id}`);
    return 0;
  },
};
