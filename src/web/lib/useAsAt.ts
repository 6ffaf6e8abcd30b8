import { useCallback } from 'react';
import { navigate, useLocation, withQuery } from './router.ts';

export interface AsAt {
  /** The date in the URL (?as_at=), or null for today. */
  asAt: string | null;
  /** Moves to the same page as at `date` (null: today), keeping the other query parameters. */
  setAsAt: (date: string | null) => void;
  /** `path` carrying the current as-at date, so links keep the date being viewed. */
  link: (path: string, params?: Record<string, string | number | null | undefined>) => string;
}

/** The "as at" date of the page, kept in the URL as ?as_at=YYYY-MM-DD. */
export function useAsAt(): AsAt {
  const { pathname, search } = useLocation();
  const asAt = search.get('as_at') || null;
  const query = search.toString();

  const setAsAt = useCallback(
    (date: string | null) => {
      const params = new URLSearchParams(query);
      if (date) params.set('as_at', date);
      else params.delete('as_at');
      params.delete('cursor');
      const s = params.toString();
      navigate(s ? `${pathname}?${s}` : pathname);
    },
    [pathname, query],
  );

  const link = useCallback(
    (path: string, params: Record<string, string | number | null | undefined> = {}) =>
      withQuery(path, { ...params, as_at: asAt }),
    [asAt],
  );

  return { asAt, setAsAt, link };
}
