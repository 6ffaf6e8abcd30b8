import { useEffect, useState } from 'react';
import type { SearchResult } from '../../shared/schemas.ts';
import { ApiError, apiUrl, getJson, isAbort } from '../lib/api.ts';

export type SearchHit = SearchResult['items'][number];

export type SearchState =
  | { status: 'idle'; items: readonly SearchHit[] }
  | { status: 'loading'; q: string; items: readonly SearchHit[] }
  | { status: 'ok'; q: string; items: readonly SearchHit[] }
  | { status: 'error'; q: string; items: readonly SearchHit[]; error: ApiError };

/** Fewer characters than this and search waits: one letter matches half the country. */
export const SEARCH_MIN_LENGTH = 2;

/**
 * Searches as the person types: waits `debounceMs` after the last keystroke, aborts the request a newer
 * query replaces, and keeps the previous results on screen while the next ones load.
 */
export function useSearch(
  query: string,
  asAt: string | null,
  { debounceMs = 150, limit = 10 } = {},
): SearchState {
  const [state, setState] = useState<SearchState>({ status: 'idle', items: [] });
  const q = query.trim();

  useEffect(() => {
    if (q.length < SEARCH_MIN_LENGTH) {
      setState({ status: 'idle', items: [] });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((previous) => ({ status: 'loading', q, items: previous.items }));
      getJson<SearchResult>(apiUrl('/search', { q, as_at: asAt, limit }), controller.signal).then(
        (result) => setState({ status: 'ok', q, items: result.items }),
        (error: unknown) => {
          if (isAbort(error) || controller.signal.aborted) return;
          const apiError =
            error instanceof ApiError ? error : new ApiError(0, 'unexpected', 'Search failed', String(error));
          setState({ status: 'error', q, items: [], error: apiError });
        },
      );
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, asAt, debounceMs, limit]);

  return state;
}
