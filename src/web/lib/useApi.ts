import { useEffect, useState } from 'react';
import { ApiError, getJson, isAbort } from './api.ts';

export type ApiState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ok'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

type Settled<T> = { url: string } & ({ ok: true; data: T } | { ok: false; error: ApiError });

/** Fetches `url` (null: nothing yet) and re-fetches when it changes, aborting the request it replaces. */
export function useApi<T>(url: string | null): ApiState<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    getJson<T>(url, controller.signal).then(
      (data) => setSettled({ url, ok: true, data }),
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError(0, 'unexpected', 'Something went wrong', String(error));
        setSettled({ url, ok: false, error: apiError });
      },
    );
    return () => controller.abort();
  }, [url]);

  if (url === null || settled === null || settled.url !== url) return { status: 'loading' };
  return settled.ok ? { status: 'ok', data: settled.data } : { status: 'error', error: settled.error };
}
