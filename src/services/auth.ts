import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import {
  normaliseEmail,
  passwordProblem,
  type Role,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SETUP_LINK_MS,
  sessionAlive,
} from '../core/roles.ts';
import { appendAudit } from '../storage/audit-repo.ts';
import type { Db, Queryable } from '../storage/db.ts';
import {
  dummyHash,
  hashPassword,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  randomToken,
  sha256,
  verifyPassword,
  verifyTotp,
} from './crypto.ts';
import { LIMITS, type RateLimiter } from './rate-limit.ts';

/** Where a request came from, for the audit log and rate limits. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** The signed-in user a request acts as, in one workspace. */
export interface Principal {
  user: { id: number; email: string; display_name: string; totp_enabled: boolean };
  workspace: { id: number; name: string; require_second_factor: boolean } | null;
  role: Role | null;
  via: 'session' | 'token';
  /** True once the second factor was given (or the user has none). */
  secondFactorOk: boolean;
  sessionIdHash?: string;
  csrfToken?: string;
  tokenId?: number;
}

export interface AuthDeps {
  db: Db;
  clock: Clock;
  limiter: RateLimiter;
}

interface UserRow {
  id: number;
  email: string;
  display_name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: boolean;
  disabled: boolean;
}

const USER_COLS = `u.id, u.email, u.display_name, u.password_hash, u.totp_secret,
  (u.totp_enabled_at IS NOT NULL) AS totp_enabled, (u.disabled_at IS NOT NULL) AS disabled`;

/** A new browser session: the id goes in the cookie, only its hash in the database. */
export interface NewSession {
  sessionId: string;
  csrfToken: string;
  secondFactorRequired: boolean;
}

function bad(field: string, message: string): never {
  throw new DomainError('invalid', `${field}: ${message}`, { errors: [{ field, message }] });
}

/** Validates and normalises a new account's email and password (DomainError naming the field). */
export function checkCredentials(email: string, password: string): string {
  const e = normaliseEmail(email);
  if (!e) bad('email', 'is not an email address');
  const p = passwordProblem(password);
  if (p) bad('password', p);
  return e;
}

/** The workspace a user lands in: the first they belong to, by name. */
async function defaultWorkspace(q: Queryable, userId: number): Promise<number | null> {
  const [w] = await q.query<{ id: number }>(
    `SELECT w.id FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
     WHERE m.user_id = $1 ORDER BY w.name LIMIT 1`,
    [userId],
  );
  return w?.id ?? null;
}

async function createSession(
  q: Queryable,
  clock: Clock,
  userId: number,
  secondFactorOk: boolean,
  meta: RequestMeta,
): Promise<NewSession> {
  const sessionId = randomToken(32);
  const csrfToken = randomToken(24);
  const now = clock.now().toISOString();
  await q.query(
    `INSERT INTO sessions (id_hash, user_id, workspace_id, csrf_token, second_factor_ok, created_at, last_seen_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)`,
    [
      sha256(sessionId),
      userId,
      await defaultWorkspace(q, userId),
      csrfToken,
      secondFactorOk,
      now,
      meta.ip,
      meta.userAgent?.slice(0, 300) ?? null,
    ],
  );
  return { sessionId, csrfToken, secondFactorRequired: !secondFactorOk };
}

/** Sign-in, sessions, API tokens, the second factor and first-run setup. */
export function authService({ db, clock, limiter }: AuthDeps) {
  const audit = (q: Queryable, e: Omit<Parameters<typeof appendAudit>[1], 'at'>) =>
    appendAudit(q, { ...e, at: clock.now() });

  async function principalFor(
    q: Queryable,
    userId: number,
    workspaceId: number | null,
    via: 'session' | 'token',
    secondFactorOk: boolean,
  ): Promise<Principal | null> {
    const [u] = await q.query<UserRow>(`SELECT ${USER_COLS} FROM users u WHERE u.id = $1`, [userId]);
    if (!u || u.disabled) return null;
    let workspace: Principal['workspace'] = null;
    let role: Role | null = null;
    if (workspaceId !== null) {
      const [m] = await q.query<{ id: number; name: string; require_second_factor: boolean; role: Role }>(
        `SELECT w.id, w.name, w.require_second_factor, m.role FROM workspace_members m
         JOIN workspaces w ON w.id = m.workspace_id WHERE m.workspace_id = $1 AND m.user_id = $2`,
        [workspaceId, userId],
      );
      if (m) {
        workspace = { id: m.id, name: m.name, require_second_factor: m.require_second_factor };
        role = m.role;
      }
    }
    return {
      user: { id: u.id, email: u.email, display_name: u.display_name, totp_enabled: u.totp_enabled },
      workspace,
      role,
      via,
      secondFactorOk,
    };
  }

  return {
    /** True until the first user exists: nobody can sign in before an owner is made. */
    async setupRequired(): Promise<boolean> {
      const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      return (r?.n ?? 0) === 0;
    },

    /** A one-time link token that creates the first owner, valid 30 minutes; null once a user exists. */
    async createSetupToken(): Promise<string | null> {
      if (!(await this.setupRequired())) return null;
      const token = randomToken(32);
      const now = clock.now();
      await db.query('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)', [
        sha256(token),
        now.toISOString(),
        new Date(now.getTime() + SETUP_LINK_MS).toISOString(),
      ]);
      return token;
    },

    /** Uses a setup link: makes the first owner and their workspace, and signs them in. */
    async completeSetup(
      input: { token: string; email: string; password: string; displayName: string; workspace: string },
      meta: RequestMeta,
    ): Promise<NewSession> {
      const email = checkCredentials(input.email, input.password);
      const hash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        const now = clock.now().toISOString();
        const used = await tx.query<{ token_hash: string }>(
          `UPDATE setup_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
           RETURNING token_hash`,
          [sha256(input.token), now],
        );
        const [users] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
        if (used.length === 0 || (users?.n ?? 0) > 0) {
          throw new DomainError(
            'forbidden',
            'this set-up link is not valid: it has expired, been used, or an owner already exists',
          );
        }
        const [u] = await tx.query<{ id: number }>(
          'INSERT INTO users (email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
          [email, input.displayName.trim() || email, hash, now],
        );
        const [w] = await tx.query<{ id: number }>(
          'INSERT INTO workspaces (name, created_at) VALUES ($1, $2) RETURNING id',
          [input.workspace.trim(), now],
        );
        await tx.query(
          `INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
          [w!.id, u!.id, now],
        );
        await audit(tx, {
          workspaceId: w!.id,
          actorId: u!.id,
          actorEmail: email,
          action: 'setup.owner_created',
          targetType: 'user',
          targetId: u!.id,
          ip: meta.ip,
          userAgent: meta.userAgent,
          after: { email, display_name: input.displayName, workspace: input.workspace, role: 'owner' },
        });
        return createSession(tx, clock, u!.id, true, meta);
      });
    },

    /**
     * Checks email and password. Too many failures for the account or the address within the
     * window → DomainError('rate_limited') with `retryAfter` seconds, before the password is checked.
     */
    async signIn(input: { email: string; password: string }, meta: RequestMeta): Promise<NewSession> {
      const email = normaliseEmail(input.email) ?? input.email.trim().toLowerCase().slice(0, 254);
      const acct = `signin:acct:${email}`;
      const addr = `signin:addr:${meta.ip ?? '?'}`;
      const wait = Math.max(
        limiter.retryAfter(
          acct,
          LIMITS.signInFailuresPerAccount.limit,
          LIMITS.signInFailuresPerAccount.windowMs,
        ),
        limiter.retryAfter(
          addr,
          LIMITS.signInFailuresPerAddress.limit,
          LIMITS.signInFailuresPerAddress.windowMs,
        ),
      );
      if (wait > 0) {
        await audit(db, {
          workspaceId: null,
          actorId: null,
          actorEmail: email,
          action: 'auth.sign_in',
          outcome: 'refused',
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { reason: 'rate_limited' },
        });
        throw new DomainError('rate_limited', `too many failed sign-ins: try again in ${wait} seconds`, {
          retryAfter: wait,
        });
      }
      const [u] = await db.query<UserRow>(`SELECT ${USER_COLS} FROM users u WHERE u.email = $1`, [email]);
      const ok = u
        ? await verifyPassword(u.password_hash, input.password)
        : await verifyPassword(await dummyHash(), input.password);
      if (!u || !ok || u.disabled) {
        limiter.hit(acct, LIMITS.signInFailuresPerAccount.limit, LIMITS.signInFailuresPerAccount.windowMs);
        limiter.hit(addr, LIMITS.signInFailuresPerAddress.limit, LIMITS.signInFailuresPerAddress.windowMs);
        await audit(db, {
          workspaceId: u ? await defaultWorkspace(db, u.id) : null,
          actorId: u?.id ?? null,
          actorEmail: email,
          action: 'auth.sign_in',
          outcome: 'failure',
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { reason: !u ? 'unknown_account' : u.disabled ? 'disabled' : 'bad_password' },
        });
        throw new DomainError('unauthorised', 'the email or password is not right');
      }
      limiter.reset(acct);
      return db.transaction(async (tx) => {
        const s = await createSession(tx, clock, u.id, !u.totp_enabled, meta);
        await audit(tx, {
          workspaceId: await defaultWorkspace(tx, u.id),
          actorId: u.id,
          actorEmail: u.email,
          action: 'auth.sign_in',
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { second_factor_required: s.secondFactorRequired },
        });
        return s;
      });
    },

    /** Completes a sign-in with a TOTP code or an unused recovery code. */
    async secondFactor(sessionIdHash: string, code: string, meta: RequestMeta): Promise<void> {
      const [s] = await db.query<{ user_id: number; second_factor_ok: boolean }>(
        'SELECT user_id, second_factor_ok FROM sessions WHERE id_hash = $1',
        [sessionIdHash],
      );
      if (!s) throw new DomainError('unauthorised', 'sign in first');
      const [u] = await db.query<UserRow>(`SELECT ${USER_COLS} FROM users u WHERE u.id = $1`, [s.user_id]);
      if (!u?.totp_secret || !u.totp_enabled)
        throw new DomainError('invalid', 'this account has no second factor');
      const key = `2fa:${u.id}`;
      const wait = limiter.retryAfter(
        key,
        LIMITS.signInFailuresPerAccount.limit,
        LIMITS.signInFailuresPerAccount.windowMs,
      );
      if (wait > 0)
        throw new DomainError('rate_limited', `too many wrong codes: try again in ${wait} seconds`, {
          retryAfter: wait,
        });
      let ok = verifyTotp(u.totp_secret, code, clock.now().getTime());
      let viaRecovery = false;
      if (!ok && /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i.test(code.trim())) {
        const used = await db.query<{ id: number }>(
          'UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id',
          [u.id, sha256(code.trim().toLowerCase()), clock.now().toISOString()],
        );
        ok = used.length > 0;
        viaRecovery = ok;
      }
      await audit(db, {
        workspaceId: await defaultWorkspace(db, u.id),
        actorId: u.id,
        actorEmail: u.email,
        action: 'auth.second_factor',
        outcome: ok ? 'success' : 'failure',
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { recovery_code: viaRecovery },
      });
      if (!ok) {
        limiter.hit(key, LIMITS.signInFailuresPerAccount.limit, LIMITS.signInFailuresPerAccount.windowMs);
        throw new DomainError('unauthorised', 'that code is not right');
      }
      await db.query('UPDATE sessions SET second_factor_ok = true, last_seen_at = $2 WHERE id_hash = $1', [
        sessionIdHash,
        clock.now().toISOString(),
      ]);
    },

    /** The principal of a session id, or null when unknown or expired (idle 30 min, absolute 12 h). */
    async authenticateSession(sessionId: string): Promise<Principal | null> {
      const idHash = sha256(sessionId);
      const [s] = await db.query<{
        user_id: number;
        workspace_id: number | null;
        csrf_token: string;
        second_factor_ok: boolean;
        created_ms: number;
        seen_ms: number;
      }>(
        `SELECT user_id, workspace_id, csrf_token, second_factor_ok,
           (extract(epoch FROM created_at) * 1000)::float8 AS created_ms, (extract(epoch FROM last_seen_at) * 1000)::float8 AS seen_ms
         FROM sessions WHERE id_hash = $1`,
        [idHash],
      );
      if (!s) return null;
      const now = clock.now().getTime();
      if (!sessionAlive(s.created_ms, s.seen_ms, now)) {
        await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
        return null;
      }
      const p = await principalFor(db, s.user_id, s.workspace_id, 'session', s.second_factor_ok);
      if (!p) {
        await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
        return null;
      }
      // Refresh the idle clock, at most once a minute to spare the database.
      if (now - s.seen_ms > 60_000) {
        await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [
          idHash,
          new Date(now).toISOString(),
        ]);
      }
      return { ...p, sessionIdHash: idHash, csrfToken: s.csrf_token };
    },

    /** The principal of an API token (`atlas_…`), or null when unknown, revoked or expired. */
    async authenticateToken(token: string): Promise<Principal | null> {
      const [t] = await db.query<{ id: number; user_id: number; workspace_id: number }>(
        `SELECT id, user_id, workspace_id FROM api_tokens
         WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
        [sha256(token), clock.now().toISOString()],
      );
      if (!t) return null;
      const p = await principalFor(db, t.user_id, t.workspace_id, 'token', true);
      if (!p?.role) return null;
      await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [
        t.id,
        clock.now().toISOString(),
      ]);
      return { ...p, tokenId: t.id };
    },

    /** Ends a session at once. */
    async signOut(p: Principal, meta: RequestMeta): Promise<void> {
      if (p.sessionIdHash) await db.query('DELETE FROM sessions WHERE id_hash = $1', [p.sessionIdHash]);
      await audit(db, {
        workspaceId: p.workspace?.id ?? null,
        actorId: p.user.id,
        actorEmail: p.user.email,
        action: 'auth.sign_out',
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
    },

    /** Makes `workspaceId` the session's current workspace (the user must belong to it). */
    async switchWorkspace(p: Principal, workspaceId: number): Promise<void> {
      if (!p.sessionIdHash) throw new DomainError('invalid', 'an API token is bound to its workspace');
      const [m] = await db.query('SELECT 1 FROM workspace_members WHERE workspace_id = $1 AND user_id = $2', [
        workspaceId,
        p.user.id,
      ]);
      if (!m) throw new DomainError('not_found', `you are not a member of workspace ${workspaceId}`);
      await db.query('UPDATE sessions SET workspace_id = $2 WHERE id_hash = $1', [
        p.sessionIdHash,
        workspaceId,
      ]);
    },

    /** Starts second-factor set-up: a new secret (not yet in force) and its otpauth URI. */
    async beginTotp(p: Principal): Promise<{ secret: string; otpauth_uri: string }> {
      if (p.user.totp_enabled) throw new DomainError('conflict', 'a second factor is already set up');
      const secret = newTotpSecret();
      await db.query('UPDATE users SET totp_secret = $2 WHERE id = $1', [p.user.id, secret]);
      return { secret, otpauth_uri: otpauthUri(secret, p.user.email) };
    },

    /** Confirms set-up with a code from the app; returns ten recovery codes, shown this once. */
    async confirmTotp(p: Principal, code: string, meta: RequestMeta): Promise<string[]> {
      const [u] = await db.query<UserRow>(`SELECT ${USER_COLS} FROM users u WHERE u.id = $1`, [p.user.id]);
      if (!u?.totp_secret) throw new DomainError('invalid', 'start the set-up first');
      if (u.totp_enabled) throw new DomainError('conflict', 'a second factor is already set up');
      if (!verifyTotp(u.totp_secret, code, clock.now().getTime()))
        bad('code', 'that code is not right: check the time on your device');
      const codes = newRecoveryCodes();
      await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET totp_enabled_at = $2 WHERE id = $1', [
          u.id,
          clock.now().toISOString(),
        ]);
        await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [u.id]);
        for (const c of codes)
          await tx.query('INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)', [
            u.id,
            sha256(c),
          ]);
        if (p.sessionIdHash)
          await tx.query('UPDATE sessions SET second_factor_ok = true WHERE id_hash = $1', [p.sessionIdHash]);
        await audit(tx, {
          workspaceId: p.workspace?.id ?? null,
          actorId: u.id,
          actorEmail: u.email,
          action: 'user.second_factor_enabled',
          targetType: 'user',
          targetId: u.id,
          ip: meta.ip,
          userAgent: meta.userAgent,
        });
      });
      return codes;
    },

    /** Session lifetimes, for the cookie's Max-Age. */
    lifetimes: { idleMs: SESSION_IDLE_MS, absoluteMs: SESSION_ABSOLUTE_MS },
  };
}

export type AuthService = ReturnType<typeof authService>;
