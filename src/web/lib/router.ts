import { useSyncExternalStore } from 'react';

/** A small History API router: the current path and query, and a way to move to another. */
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('popstate', notify);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** Moves to `to` (a same-origin path with optional query) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export interface AppLocation {
  pathname: string;
  search: URLSearchParams;
}

/** The current location; re-renders on every navigation (links, back and forward). */
export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(href, 'http://atlas.invalid');
  return { pathname: url.pathname, search: url.searchParams };
}

/** `path` with the query parameters that are set (empty and null values dropped). */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  const s = query.toString();
  return s ? `${path}?${s}` : path;
}
