import { useCallback, useEffect, useState } from 'react';
import { ApiError, getJson, isAbort } from '../lib/api.ts';
import type { ApiState } from '../lib/useApi.ts';

type Settled<T> = { key: string } & ({ ok: true; data: T } | { ok: false; error: ApiError });

/**
 * Like useApi, with a `reload()` for after a change: fetches `url` (null: nothing yet), again when it
 * changes or is reloaded, keeping the last data on show while a reload is under way.
 */
export function useResource<T>(url: string | null): ApiState<T> & { reload: () => void } {
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const key = `${version}:${url}`;

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    const k = `${version}:${url}`;
    getJson<T>(url, controller.signal).then(
      (data) => setSettled({ key: k, ok: true, data }),
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError(0, 'unexpected', 'Something went wrong', String(error));
        setSettled({ key: k, ok: false, error: apiError });
      },
    );
    return () => controller.abort();
  }, [url, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // A reload of the same URL keeps showing what it had until the new answer comes.
  const sameUrl = settled !== null && settled.key.slice(settled.key.indexOf(':') + 1) === String(url);
  if (url === null || settled === null || (settled.key !== key && !sameUrl)) {
    return { status: 'loading', reload };
  }
  return settled.ok
    ? { status: 'ok', data: settled.data, reload }
    : { status: 'error', error: settled.error, reload };
}
