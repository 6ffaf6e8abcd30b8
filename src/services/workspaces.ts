import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { canChangeRole, INVITATION_MS, normaliseEmail, type Role } from '../core/roles.ts';
import { appendAudit } from '../storage/audit-repo.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { isoTimestamp as TS } from '../storage/sql.ts';
import { checkCredentials, type Principal, type RequestMeta } from './auth.ts';
import { hashPassword, randomToken, sha256 } from './crypto.ts';

/** Who acts, for the audit log: a signed-in principal, or the CLI run by the server's operator. */
export type Actor = { principal: Principal; meta: RequestMeta } | { cli: true };

const who = (a: Actor) =>
  'cli' in a
    ? { actorId: null, actorEmail: 'cli', ip: null, userAgent: 'atlas cli' }
    : {
        actorId: a.principal.user.id,
        actorEmail: a.principal.user.email,
        ip: a.meta.ip,
        userAgent: a.meta.userAgent,
      };

export interface WorkspaceRow {
  id: number;
  name: string;
  require_second_factor: boolean;
  created_at: string;
  members: number;
}
export interface MemberRow {
  user_id: number;
  email: string;
  display_name: string;
  role: Role;
  second_factor: boolean;
  disabled: boolean;
  joined_at: string;
}
export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  user_email: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}
export interface UserListRow {
  id: number;
  email: string;
  display_name: string;
  disabled: boolean;
  second_factor: boolean;
  workspaces: string[];
}

/** Users, workspaces, members, invitations and API tokens: all changes audited. */
export function workspaceService({ db, clock }: { db: Db; clock: Clock }) {
  const now = () => clock.now();
  const audit = (
    q: Queryable,
    a: Actor,
    e: Omit<Parameters<typeof appendAudit>[1], 'at' | 'actorId' | 'actorEmail'>,
  ) => appendAudit(q, { ...who(a), ...e, at: now() });

  async function workspaceByName(q: Queryable, name: string): Promise<{ id: number; name: string }> {
    const [w] = await q.query<{ id: number; name: string }>(
      'SELECT id, name FROM workspaces WHERE lower(name) = lower($1)',
      [name.trim()],
    );
    if (!w) throw new DomainError('not_found', `no workspace is named "${name}"`);
    return w;
  }

  async function memberRole(q: Queryable, workspaceId: number, userId: number): Promise<Role | null> {
    const [m] = await q.query<{ role: Role }>(
      'SELECT role FROM workspace_members WHERE workspace_id = $1 AND user_id = $2',
      [workspaceId, userId],
    );
    return m?.role ?? null;
  }

  async function ownersLeft(q: Queryable, workspaceId: number, exceptUser: number): Promise<number> {
    const [r] = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM workspace_members m JOIN users u ON u.id = m.user_id
       WHERE m.workspace_id = $1 AND m.role = 'owner' AND m.user_id <> $2 AND u.disabled_at IS NULL`,
      [workspaceId, exceptUser],
    );
    return r?.n ?? 0;
  }

  return {
    workspaceByName: (name: string) => workspaceByName(db, name),

    /** Creates a workspace; a signed-in creator becomes its owner. */
    async addWorkspace(name: string, actor: Actor): Promise<{ id: number; name: string }> {
      const n = name.trim();
      if (n.length < 1 || n.length > 120)
        throw new DomainError('invalid', 'name: must be 1 to 120 characters', {
          errors: [{ field: 'name', message: 'must be 1 to 120 characters' }],
        });
      return db.transaction(async (tx) => {
        const [dupe] = await tx.query('SELECT 1 FROM workspaces WHERE lower(name) = lower($1)', [n]);
        if (dupe) throw new DomainError('conflict', `a workspace named "${n}" already exists`);
        const [w] = await tx.query<{ id: number }>(
          'INSERT INTO workspaces (name, created_at) VALUES ($1, $2) RETURNING id',
          [n, now().toISOString()],
        );
        if (!('cli' in actor)) {
          await tx.query(
            `INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
            [w!.id, actor.principal.user.id, now().toISOString()],
          );
        }
        await audit(tx, actor, {
          workspaceId: w!.id,
          action: 'workspace.created',
          targetType: 'workspace',
          targetId: w!.id,
          after: { name: n },
        });
        return { id: w!.id, name: n };
      });
    },

    /** Every workspace (CLI), or those a user belongs to. */
    async listWorkspaces(forUser?: number): Promise<(WorkspaceRow & { role?: Role })[]> {
      if (forUser === undefined) {
        return db.query<WorkspaceRow>(
          `SELECT w.id, w.name, w.require_second_factor, ${TS('w.created_at')} AS created_at,
             (SELECT count(*)::int FROM workspace_members m WHERE m.workspace_id = w.id) AS members
           FROM workspaces w ORDER BY w.name`,
        );
      }
      return db.query<WorkspaceRow & { role: Role }>(
        `SELECT w.id, w.name, w.require_second_factor, ${TS('w.created_at')} AS created_at,
           (SELECT count(*)::int FROM workspace_members x WHERE x.workspace_id = w.id) AS members, m.role
         FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = $1 ORDER BY w.name`,
        [forUser],
      );
    },

    /** Renames a workspace or sets whether its members must use a second factor (owners). */
    async updateWorkspace(
      workspaceId: number,
      patch: { name?: string; require_second_factor?: boolean },
      actor: Actor,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const [before] = await tx.query<{ name: string; require_second_factor: boolean }>(
          'SELECT name, require_second_factor FROM workspaces WHERE id = $1',
          [workspaceId],
        );
        if (!before) throw new DomainError('not_found', 'no such workspace');
        const after = { ...before, ...patch };
        await tx.query('UPDATE workspaces SET name = $2, require_second_factor = $3 WHERE id = $1', [
          workspaceId,
          after.name,
          after.require_second_factor,
        ]);
        await audit(tx, actor, {
          workspaceId,
          action: 'workspace.updated',
          targetType: 'workspace',
          targetId: workspaceId,
          before,
          after,
        });
      });
    },

    /** Adds a user to a workspace with a role, creating the account when new (CLI). */
    async addUser(
      input: { email: string; password: string; displayName?: string; workspace: string; role: Role },
      actor: Actor,
    ): Promise<{ id: number; email: string; created: boolean }> {
      const email = checkCredentials(input.email, input.password);
      const hash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        const w = await workspaceByName(tx, input.workspace);
        let [u] = await tx.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [email]);
        const created = !u;
        if (!u) {
          [u] = await tx.query<{ id: number }>(
            'INSERT INTO users (email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
            [email, input.displayName?.trim() || email.split('@')[0], hash, now().toISOString()],
          );
        }
        const before = await memberRole(tx, w.id, u!.id);
        await tx.query(
          `INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
          [w.id, u!.id, input.role, now().toISOString()],
        );
        await audit(tx, actor, {
          workspaceId: w.id,
          action: created ? 'user.created' : 'member.role_changed',
          targetType: 'user',
          targetId: u!.id,
          before: before ? { role: before } : undefined,
          after: { email, role: input.role },
        });
        return { id: u!.id, email, created };
      });
    },

    async listUsers(): Promise<UserListRow[]> {
      return db.query<UserListRow>(
        `SELECT u.id, u.email, u.display_name, (u.disabled_at IS NOT NULL) AS disabled, (u.totp_enabled_at IS NOT NULL) AS second_factor,
           coalesce(array_agg(w.name || ' (' || m.role || ')' ORDER BY w.name) FILTER (WHERE w.id IS NOT NULL), '{}') AS workspaces
         FROM users u LEFT JOIN workspace_members m ON m.user_id = u.id LEFT JOIN workspaces w ON w.id = m.workspace_id
         GROUP BY u.id ORDER BY u.email`,
      );
    },

    /** Disables a user: their sessions end at once and their tokens stop working. */
    async disableUser(emailIn: string, actor: Actor): Promise<{ id: number; sessions_ended: number }> {
      const email = normaliseEmail(emailIn);
      if (!email) throw new DomainError('invalid', `"${emailIn}" is not an email address`);
      return db.transaction(async (tx) => {
        const [u] = await tx.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [email]);
        if (!u) throw new DomainError('not_found', `no user has the email ${email}`);
        await tx.query('UPDATE users SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1', [
          u.id,
          now().toISOString(),
        ]);
        const ended = await tx.query<{ id_hash: string }>(
          'DELETE FROM sessions WHERE user_id = $1 RETURNING id_hash',
          [u.id],
        );
        await tx.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE user_id = $1', [
          u.id,
          now().toISOString(),
        ]);
        const wss = await tx.query<{ workspace_id: number }>(
          'SELECT workspace_id FROM workspace_members WHERE user_id = $1',
          [u.id],
        );
        for (const w of wss.length ? wss : [{ workspace_id: null as unknown as number }]) {
          await audit(tx, actor, {
            workspaceId: w.workspace_id,
            action: 'user.disabled',
            targetType: 'user',
            targetId: u.id,
            before: { disabled: false },
            after: { disabled: true },
          });
        }
        return { id: u.id, sessions_ended: ended.length };
      });
    },

    async listMembers(workspaceId: number): Promise<MemberRow[]> {
      return db.query<MemberRow>(
        `SELECT u.id AS user_id, u.email, u.display_name, m.role, (u.totp_enabled_at IS NOT NULL) AS second_factor,
           (u.disabled_at IS NOT NULL) AS disabled, ${TS('m.created_at')} AS joined_at
         FROM workspace_members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY u.email`,
        [workspaceId],
      );
    },

    /** Changes a member's role (null removes them). Keeps at least one owner. */
    async setMemberRole(
      workspaceId: number,
      userId: number,
      next: Role | null,
      actor: Actor & { principal: Principal; meta: RequestMeta },
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const target = await memberRole(tx, workspaceId, userId);
        if (!target) throw new DomainError('not_found', `user ${userId} is not a member of this workspace`);
        const mine = actor.principal.role!;
        if (!canChangeRole(mine, target, next)) {
          await audit(tx, actor, {
            workspaceId,
            action: next ? 'member.role_changed' : 'member.removed',
            targetType: 'user',
            targetId: userId,
            outcome: 'refused',
            details: { your_role: mine, their_role: target, asked: next },
          });
          throw new DomainError(
            'forbidden',
            `your role (${mine}) cannot ${next ? `make a ${target} an ${next}` : `remove a ${target}`}`,
          );
        }
        if (target === 'owner' && next !== 'owner' && (await ownersLeft(tx, workspaceId, userId)) === 0) {
          throw new DomainError(
            'conflict',
            'a workspace needs at least one owner: make someone else owner first',
          );
        }
        if (next) {
          await tx.query('UPDATE workspace_members SET role = $3 WHERE workspace_id = $1 AND user_id = $2', [
            workspaceId,
            userId,
            next,
          ]);
        } else {
          await tx.query('DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2', [
            workspaceId,
            userId,
          ]);
          await tx.query('UPDATE sessions SET workspace_id = NULL WHERE user_id = $1 AND workspace_id = $2', [
            userId,
            workspaceId,
          ]);
          await tx.query(
            'UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE user_id = $1 AND workspace_id = $2',
            [userId, workspaceId, now().toISOString()],
          );
        }
        await audit(tx, actor, {
          workspaceId,
          action: next ? 'member.role_changed' : 'member.removed',
          targetType: 'user',
          targetId: userId,
          before: { role: target },
          after: next ? { role: next } : null,
        });
      });
    },

    /** An invitation link token (shown once) for `email` to join with `role`, valid 7 days. */
    async invite(
      workspaceId: number,
      emailIn: string,
      role: Role,
      actor: Actor & { principal: Principal; meta: RequestMeta },
    ): Promise<{ id: number; token: string; expires_at: string }> {
      const email = normaliseEmail(emailIn);
      if (!email)
        throw new DomainError('invalid', 'email: is not an email address', {
          errors: [{ field: 'email', message: 'is not an email address' }],
        });
      if (role === 'owner' && actor.principal.role !== 'owner')
        throw new DomainError('forbidden', 'only an owner can invite an owner');
      if (role === 'owner')
        throw new DomainError('invalid', 'role: invite as admin, then make them owner', {
          errors: [{ field: 'role', message: 'invite as admin, then make them owner' }],
        });
      const token = randomToken(32);
      const expires = new Date(now().getTime() + INVITATION_MS);
      return db.transaction(async (tx) => {
        const [i] = await tx.query<{ id: number }>(
          `INSERT INTO invitations (workspace_id, email, role, token_hash, created_by, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            workspaceId,
            email,
            role,
            sha256(token),
            actor.principal.user.id,
            now().toISOString(),
            expires.toISOString(),
          ],
        );
        await audit(tx, actor, {
          workspaceId,
          action: 'member.invited',
          targetType: 'invitation',
          targetId: i!.id,
          after: { email, role },
        });
        return { id: i!.id, token, expires_at: expires.toISOString() };
      });
    },

    async listInvitations(workspaceId: number) {
      return db.query<{
        id: number;
        email: string;
        role: Role;
        created_at: string;
        expires_at: string;
        accepted_at: string | null;
      }>(
        `SELECT id, email, role, ${TS('created_at')} AS created_at, ${TS('expires_at')} AS expires_at, ${TS('accepted_at')} AS accepted_at
         FROM invitations WHERE workspace_id = $1 ORDER BY created_at DESC`,
        [workspaceId],
      );
    },

    async revokeInvitation(workspaceId: number, id: number, actor: Actor): Promise<void> {
      const rows = await db.query(
        'DELETE FROM invitations WHERE workspace_id = $1 AND id = $2 AND accepted_at IS NULL RETURNING id',
        [workspaceId, id],
      );
      if (rows.length === 0) throw new DomainError('not_found', `no open invitation ${id} in this workspace`);
      await audit(db, actor, {
        workspaceId,
        action: 'member.invitation_revoked',
        targetType: 'invitation',
        targetId: id,
      });
    },

    /**
     * Accepts an invitation: a new person sets a password and becomes a user; an existing user
     * (signed in as the invited email) joins. Returns the user id.
     */
    async acceptInvitation(
      input: { token: string; password?: string; displayName?: string; signedIn?: Principal },
      meta: RequestMeta,
    ): Promise<{ userId: number; workspaceId: number; email: string; created: boolean }> {
      return db.transaction(async (tx) => {
        const [inv] = await tx.query<{ id: number; workspace_id: number; email: string; role: Role }>(
          `SELECT id, workspace_id, email, role FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2`,
          [sha256(input.token), now().toISOString()],
        );
        if (!inv)
          throw new DomainError(
            'forbidden',
            'this invitation link is not valid: it has expired, been used or been revoked',
          );
        let [u] = await tx.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [inv.email]);
        const created = !u;
        if (u && input.signedIn?.user.id !== u.id)
          throw new DomainError('unauthorised', `sign in as ${inv.email} to accept this invitation`);
        if (!u) {
          const email = checkCredentials(inv.email, input.password ?? '');
          [u] = await tx.query<{ id: number }>(
            'INSERT INTO users (email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
            [
              email,
              input.displayName?.trim() || email.split('@')[0],
              await hashPassword(input.password ?? ''),
              now().toISOString(),
            ],
          );
        }
        await tx.query(
          `INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (workspace_id, user_id) DO NOTHING`,
          [inv.workspace_id, u!.id, inv.role, now().toISOString()],
        );
        await tx.query('UPDATE invitations SET accepted_at = $2 WHERE id = $1', [
          inv.id,
          now().toISOString(),
        ]);
        await appendAudit(tx, {
          at: now(),
          workspaceId: inv.workspace_id,
          actorId: u!.id,
          actorEmail: inv.email,
          action: 'member.joined',
          targetType: 'user',
          targetId: u!.id,
          ip: meta.ip,
          userAgent: meta.userAgent,
          after: { email: inv.email, role: inv.role },
        });
        return { userId: u!.id, workspaceId: inv.workspace_id, email: inv.email, created };
      });
    },

    /** Creates an API token for a member of a workspace: the token is returned this once. */
    async createToken(
      input: { userId: number; workspaceId: number; name: string; expiresInMs: number },
      actor: Actor,
    ): Promise<{ id: number; token: string; expires_at: string }> {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 80)
        throw new DomainError('invalid', 'name: must be 1 to 80 characters', {
          errors: [{ field: 'name', message: 'must be 1 to 80 characters' }],
        });
      if (input.expiresInMs > 366 * 86_400_000)
        throw new DomainError('invalid', 'expires_in: at most 366 days', {
          errors: [{ field: 'expires_in', message: 'at most 366 days' }],
        });
      const role = await memberRole(db, input.workspaceId, input.userId);
      if (!role) throw new DomainError('not_found', 'the user is not a member of that workspace');
      const prefix = randomToken(6).replace(/[-_]/g, 'x').slice(0, 8);
      const token = `atlas_${prefix}_${randomToken(32)}`;
      const expires = new Date(now().getTime() + input.expiresInMs);
      return db.transaction(async (tx) => {
        const [t] = await tx.query<{ id: number }>(
          `INSERT INTO api_tokens (workspace_id, user_id, name, token_hash, prefix, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            input.workspaceId,
            input.userId,
            name,
            sha256(token),
            prefix,
            now().toISOString(),
            expires.toISOString(),
          ],
        );
        await audit(tx, actor, {
          workspaceId: input.workspaceId,
          action: 'token.created',
          targetType: 'api_token',
          targetId: t!.id,
          after: { name, user_id: input.userId, expires_at: expires.toISOString() },
        });
        return { id: t!.id, token, expires_at: expires.toISOString() };
      });
    },

    /** A workspace's tokens (admins), or one user's in it. Never the secret. */
    async listTokens(workspaceId: number, userId?: number): Promise<TokenRow[]> {
      return db.query<TokenRow>(
        `SELECT t.id, t.name, t.prefix, u.email AS user_email, ${TS('t.created_at')} AS created_at, ${TS('t.expires_at')} AS expires_at,
           ${TS('t.revoked_at')} AS revoked_at, ${TS('t.last_used_at')} AS last_used_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.workspace_id = $1 ${userId === undefined ? '' : 'AND t.user_id = $2'} ORDER BY t.created_at DESC, t.id DESC`,
        userId === undefined ? [workspaceId] : [workspaceId, userId],
      );
    },

    /** Revokes a token by id; with `scope`, only within that workspace (and that user's, when given). */
    async revokeToken(
      id: number,
      actor: Actor,
      scope?: { workspaceId: number; userId?: number },
    ): Promise<void> {
      const params: unknown[] = [id, now().toISOString()];
      let where = 'id = $1 AND revoked_at IS NULL';
      if (scope) {
        params.push(scope.workspaceId);
        where += ` AND workspace_id = $${params.length}`;
        if (scope.userId !== undefined) {
          params.push(scope.userId);
          where += ` AND user_id = $${params.length}`;
        }
      }
      const rows = await db.query<{ workspace_id: number }>(
        `UPDATE api_tokens SET revoked_at = $2 WHERE ${where} RETURNING workspace_id`,
        params,
      );
      if (rows.length === 0)
        throw new DomainError(
          'not_found',
          `no active token ${id}${scope ? ' of yours in this workspace' : ''}`,
        );
      await audit(db, actor, {
        workspaceId: rows[0]!.workspace_id,
        action: 'token.revoked',
        targetType: 'api_token',
        targetId: id,
      });
    },

    /** The user id of an email (CLI). */
    async userIdByEmail(emailIn: string): Promise<number> {
      const email = normaliseEmail(emailIn);
      const [u] = email
        ? await db.query<{ id: number }>('SELECT id FROM users WHERE email = $1', [email])
        : [];
      if (!u) throw new DomainError('not_found', `no user has the email ${emailIn}`);
      return u.id;
    },
  };
}

export type WorkspaceService = ReturnType<typeof workspaceService>;
