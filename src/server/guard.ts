import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { can } from '../core/roles.ts';
import type { AuthService, Principal, RequestMeta } from '../services/auth.ts';
import { safeEqual } from '../services/crypto.ts';
import { appendAudit } from '../storage/audit-repo.ts';
import type { Db } from '../storage/db.ts';
import type { Guard, RouteDef } from './routes.ts';

/** The session cookie: `__Host-` so it is bound to this host, path / and Secure. */
export const SESSION_COOKIE = '__Host-atlas_session';
export const CSRF_HEADER = 'x-csrf-token';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The request's own origin, as a browser on this site would send it in `Origin`. */
function ownOrigins(c: Context): string[] {
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  return [`http://${host}`, `https://${host}`];
}

/**
 * A cross-site request is one whose Origin (or, without it, Sec-Fetch-Site) says another site
 * sent it. Browsers always send Origin on cross-site POSTs, so its absence means a non-browser client.
 */
export function isCrossSite(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin) return origin === 'null' || !ownOrigins(c).includes(origin);
  const site = c.req.header('sec-fetch-site');
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/** Where the request came from: the socket's address (the Atlas is not meant to sit behind a proxy that rewrites it). */
export function requestMeta(c: Context): RequestMeta {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return { ip: env?.incoming?.socket?.remoteAddress ?? null, userAgent: c.req.header('user-agent') ?? null };
}

/**
 * The one authentication and authorisation wall every route passes: finds the principal (API token
 * or session cookie), answers 401 when a non-public route has none, refuses cross-site and
 * token-less state changes (CSRF), demands the second factor where it is due, and checks the
 * route's workspace permission (a refusal is audited).
 */
export function createGuard(deps: { auth: AuthService; db: Db; clock: Clock }): Guard {
  return async (c, def: RouteDef<z.ZodType, z.ZodType, z.ZodType>) => {
    const meta = requestMeta(c);
    const access = def.access ?? 'user';
    const changing = STATE_CHANGING.has(c.req.method);

    let principal: Principal | null = null;
    const authz = c.req.header('authorization');
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      principal = m ? await deps.auth.authenticateToken(m[1]!) : null;
      if (!principal && access !== 'public')
        throw new DomainError(
          'unauthorised',
          'the API token is not valid: it may have expired or been revoked',
        );
    } else {
      const sid = getCookie(c, SESSION_COOKIE);
      if (sid) principal = await deps.auth.authenticateSession(sid);
    }

    // CSRF: a browser request from another site never changes state, signed in or not.
    if (changing && principal?.via !== 'token' && isCrossSite(c)) {
      throw new DomainError('forbidden', 'cross-site request refused', { reason: 'csrf' });
    }
    if (access === 'public') return { principal, meta };
    if (!principal)
      throw new DomainError('unauthorised', 'sign in first (a session cookie or an API token is needed)');

    if (changing && principal.via === 'session') {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
        throw new DomainError(
          'forbidden',
          `the ${CSRF_HEADER} header is missing or wrong: read csrf_token from GET /api/v1/me`,
          { reason: 'csrf' },
        );
      }
    }
    if (!principal.secondFactorOk && access !== 'pending') {
      throw new DomainError(
        'unauthorised',
        'enter the code from your authenticator app to finish signing in',
        { reason: 'second_factor_required' },
      );
    }
    if (principal.workspace?.require_second_factor && !principal.user.totp_enabled && access === 'user') {
      throw new DomainError('forbidden', 'this workspace requires a second factor: set one up first', {
        reason: 'second_factor_setup_required',
      });
    }
    if (def.permission) {
      if (!principal.workspace || !principal.role)
        throw new DomainError('forbidden', 'choose a workspace first');
      if (!can(principal.role, def.permission)) {
        await appendAudit(deps.db, {
          at: deps.clock.now(),
          workspaceId: principal.workspace.id,
          actorId: principal.user.id,
          actorEmail: principal.user.email,
          action: 'permission.refused',
          targetType: 'route',
          targetId: `${def.method.toUpperCase()} ${def.path}`,
          outcome: 'refused',
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { role: principal.role, needs: def.permission },
        });
        throw new DomainError(
          'forbidden',
          `your role (${principal.role}) does not allow this (${def.permission})`,
        );
      }
    }
    return { principal, meta };
  };
}
