import { useEffect, useSyncExternalStore } from 'react';
import type { Me } from '../../shared/account-schemas.ts';
import { ApiError, apiUrl, getJson, setCsrfToken } from '../lib/api.ts';

export type { Me };

/** Who is using the app: not yet known, signed out, or signed in (perhaps still owing a second factor). */
export type Session =
  | { status: 'loading' }
  | { status: 'signed_out' }
  | { status: 'signed_in'; me: Me }
  | { status: 'error'; error: ApiError };

let session: Session = { status: 'loading' };
let inFlight: Promise<Session> | null = null;
/** Bumped when the data a page shows may have changed under it (another workspace chosen). */
let generation = 0;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Asks the API who is signed in (GET /api/v1/me) and tells every part of the page that shows it. */
export function refreshSession(): Promise<Session> {
  inFlight ??= getJson<Me>(apiUrl('/me'))
    .then(
      (me): Session => {
        setCsrfToken(me.csrf_token);
        return { status: 'signed_in', me };
      },
      (error: unknown): Session => {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return { status: 'signed_out' };
        }
        return {
          status: 'error',
          error:
            error instanceof ApiError
              ? error
              : new ApiError(0, 'unexpected', 'Something went wrong', String(error)),
        };
      },
    )
    .then((next) => {
      session = next;
      inFlight = null;
      notify();
      return next;
    });
  return inFlight;
}

/** Forgets the signed-in person at once (after signing out). */
export function forgetSession(): void {
  setCsrfToken(null);
  session = { status: 'signed_out' };
  notify();
}

/** Makes every page fetch its data again (after choosing another workspace). */
export function reloadData(): void {
  generation += 1;
  notify();
}

/** The current session, fetched on first use and shared by every component that asks. */
export function useSession(): Session {
  const current = useSyncExternalStore(
    subscribe,
    () => session,
    () => session,
  );
  useEffect(() => {
    if (session.status === 'loading' && !inFlight) void refreshSession();
  }, []);
  return current;
}

/** A number that changes whenever page data should be fetched again. */
export function useDataGeneration(): number {
  return useSyncExternalStore(
    subscribe,
    () => generation,
    () => generation,
  );
}

/** The signed-in person's details, or null. */
export function useMe(): Me | null {
  const s = useSession();
  return s.status === 'signed_in' ? s.me : null;
}

const RANK = { owner: 4, admin: 3, editor: 2, viewer: 1 } as const;

/** True when `me` has at least `min` in their current workspace. */
export function hasRole(me: Me | null, min: keyof typeof RANK): boolean {
  return Boolean(me?.role && me.second_factor.done && RANK[me.role] >= RANK[min]);
}
