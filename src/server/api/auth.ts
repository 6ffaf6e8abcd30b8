import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AuthService, NewSession, Principal } from '../../services/auth.ts';
import type { WorkspaceService } from '../../services/workspaces.ts';
import {
  AcceptInvitation,
  Me,
  Ok,
  RecoveryCodes,
  SecondFactorCode,
  Setup,
  SignIn,
  SignInResult,
  SwitchWorkspace,
  TotpSetup,
} from '../../shared/account-schemas.ts';
import { SESSION_COOKIE } from '../guard.ts';
import type { Route } from '../routes.ts';

/**
 * Sets the session cookie: `__Host-` prefixed, Secure, HttpOnly, SameSite=Lax, path /. Browsers
 * accept Secure cookies from http://localhost and http://127.0.0.1 (secure contexts), which is how
 * the Atlas works over plain HTTP on one machine; anywhere else, serve it over HTTPS.
 */
function setSessionCookie(c: Context, s: NewSession, maxAgeMs: number): void {
  setCookie(c, SESSION_COOKIE, s.sessionId, {
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Sign-in, sign-out, first-run set-up, invitations, the second factor and `me`. */
export function authRoutes(route: Route, deps: { auth: AuthService; workspaces: WorkspaceService }): void {
  const { auth, workspaces } = deps;
  const absolute = auth.lifetimes.absoluteMs;

  const me = async (p: Principal) => ({
    user: { id: p.user.id, email: p.user.email, display_name: p.user.display_name },
    workspace: p.workspace,
    role: p.role,
    workspaces: await workspaces.listWorkspaces(p.user.id),
    second_factor: {
      enabled: p.user.totp_enabled,
      required: Boolean(p.workspace?.require_second_factor),
      done: p.secondFactorOk,
    },
    csrf_token: p.csrfToken ?? null,
    via: p.via,
  });

  route({
    method: 'post',
    path: '/api/v1/auth/setup',
    tag: 'auth',
    summary: 'Create the first owner and workspace with the one-time set-up link printed at first start',
    access: 'public',
    body: Setup,
    response: SignInResult,
    handler: async (c, { body, meta }) => {
      const s = await auth.completeSetup(
        {
          token: body.token,
          email: body.email,
          password: body.password,
          displayName: body.display_name,
          workspace: body.workspace,
        },
        meta,
      );
      setSessionCookie(c, s, absolute);
      return c.json({ second_factor_required: false, csrf_token: s.csrfToken }, 201);
    },
  });

  route({
    method: 'post',
    path: '/api/v1/auth/sign-in',
    tag: 'auth',
    summary: 'Sign in with email and password; a second factor may follow',
    access: 'public',
    body: SignIn,
    response: SignInResult,
    handler: async (c, { body, meta }) => {
      const s = await auth.signIn(body, meta);
      setSessionCookie(c, s, absolute);
      return c.json({ second_factor_required: s.secondFactorRequired, csrf_token: s.csrfToken });
    },
  });

  route({
    method: 'post',
    path: '/api/v1/auth/second-factor',
    tag: 'auth',
    summary: 'Finish signing in with a code from the authenticator app or a recovery code',
    access: 'pending',
    body: SecondFactorCode,
    response: Ok,
    handler: async (c, { body, principal, meta }) => {
      await auth.secondFactor(principal!.sessionIdHash ?? '', body.code, meta);
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'post',
    path: '/api/v1/auth/sign-out',
    tag: 'auth',
    summary: 'Sign out: the session ends at once',
    access: 'pending',
    response: Ok,
    handler: async (c, { principal, meta }) => {
      await auth.signOut(principal!, meta);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'post',
    path: '/api/v1/auth/accept-invitation',
    tag: 'auth',
    summary: 'Accept an invitation link: a new person sets a password; a signed-in user joins',
    access: 'public',
    body: AcceptInvitation,
    response: Ok,
    handler: async (c, { body, principal, meta }) => {
      const r = await workspaces.acceptInvitation(
        {
          token: body.token,
          password: body.password,
          displayName: body.display_name,
          signedIn: principal ?? undefined,
        },
        meta,
      );
      // A new account is signed in straight away (through the ordinary, audited sign-in).
      if (!principal && r.created && body.password) {
        setSessionCookie(c, await auth.signIn({ email: r.email, password: body.password }, meta), absolute);
      }
      return c.json({ ok: true as const }, 201);
    },
  });

  route({
    method: 'get',
    path: '/api/v1/me',
    tag: 'auth',
    summary:
      'Who is signed in: user, current workspace and role, workspaces, second-factor state, CSRF token',
    access: 'pending',
    response: Me,
    handler: async (c, { principal }) => c.json(await me(principal!)),
  });

  route({
    method: 'post',
    path: '/api/v1/me/workspace',
    tag: 'auth',
    summary: 'Switch the current workspace',
    access: 'setup',
    body: SwitchWorkspace,
    response: Ok,
    handler: async (c, { body, principal }) => {
      await auth.switchWorkspace(principal!, body.workspace_id);
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'post',
    path: '/api/v1/me/second-factor',
    tag: 'auth',
    summary: 'Start setting up a second factor: a secret for an authenticator app',
    access: 'setup',
    response: TotpSetup,
    handler: async (c, { principal }) => c.json(await auth.beginTotp(principal!)),
  });

  route({
    method: 'post',
    path: '/api/v1/me/second-factor/confirm',
    tag: 'auth',
    summary: 'Confirm the second factor with a code; returns recovery codes, shown once',
    access: 'setup',
    body: SecondFactorCode,
    response: RecoveryCodes,
    handler: async (c, { body, principal, meta }) =>
      c.json({ recovery_codes: await auth.confirmTotp(principal!, body.code, meta) }),
  });
}
