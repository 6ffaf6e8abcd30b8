import { type FormEvent, useEffect, useId, useState } from 'react';
import type { NetworkList, NetworkSummary } from '../../shared/schemas.ts';
import { AsAtControl } from '../components/AsAtControl.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Loading } from '../components/Loading.tsx';
import { ErrorSummary, ProblemPage, problemTitle } from '../components/Problem.tsx';
import { ApiError, apiUrl, getJson } from '../lib/api.ts';
import { countOf, formatDate } from '../lib/format.ts';
import { isNetworkKind, NETWORK_KIND_LABELS, NETWORK_KIND_PLURALS, NETWORK_KINDS } from '../lib/labels.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { networkColumns, networkExtraCsv } from './columns.tsx';

const PAGE = 500;

/** /networks?kind=&q=: every clinical network, filtered by kind and name, downloadable. */
export function NetworksPage() {
  const { search } = useLocation();
  const { asAt, link } = useAsAt();
  const kindParam = search.get('kind') ?? '';
  const kind = isNetworkKind(kindParam) ? kindParam : '';
  const q = (search.get('q') ?? '').trim();
  const [draftKind, setDraftKind] = useState<string>(kind);
  const [draftQ, setDraftQ] = useState(q);
  const kindId = useId();
  const qId = useId();
  useEffect(() => setDraftKind(kind), [kind]);
  useEffect(() => setDraftQ(q), [q]);

  const first = useApi<NetworkList>(
    apiUrl('/networks', { kind: kind || null, q: q || null, as_at: asAt, limit: PAGE }),
  );
  const [more, setMore] = useState<{ key: string; items: NetworkSummary[]; cursor: string | null } | null>(
    null,
  );
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const key = `${kind}|${q}|${asAt}`;

  const heading = kind ? NETWORK_KIND_PLURALS[kind] : 'Clinical networks';
  useDocumentTitle(first.status === 'error' ? problemTitle(first.error) : heading);

  if (first.status === 'error') {
    return (
      <ProblemPage error={first.error} heading={heading}>
        <AsAtControl />
      </ProblemPage>
    );
  }

  const extra = more?.key === key ? more : null;
  const items = first.data ? [...first.data.items, ...(extra?.items ?? [])] : [];
  const cursor = extra ? extra.cursor : (first.data?.next_cursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await getJson<NetworkList>(
        apiUrl('/networks', { kind: kind || null, q: q || null, as_at: asAt, limit: PAGE, cursor }),
      );
      setMore({ key, items: [...(extra?.items ?? []), ...page.items], cursor: page.next_cursor });
    } catch (error) {
      setMoreError(
        error instanceof ApiError
          ? error
          : new ApiError(0, 'unexpected', 'Something went wrong', String(error)),
      );
    } finally {
      setLoadingMore(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(link('/networks', { kind: draftKind || null, q: draftQ.trim() || null }));
  };

  return (
    <>
      {moreError && <ErrorSummary error={moreError} />}
      <h1>{heading}</h1>
      <p className="nhsuk-body-l">
        Strategic clinical networks, operational delivery networks, Cancer Alliances, clinical senates and the
        other networks through which the NHS in England makes clinical decisions.
      </p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <form className="app-filter" onSubmit={submit} aria-label="Filter networks">
            <div className="nhsuk-form-group">
              <label className="nhsuk-label nhsuk-label--s" htmlFor={kindId}>
                Kind of network
              </label>
              <select
                className="nhsuk-select"
                id={kindId}
                name="kind"
                value={draftKind}
                onChange={(e) => setDraftKind(e.target.value)}
              >
                <option value="">All kinds</option>
                {NETWORK_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {NETWORK_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label nhsuk-label--s" htmlFor={qId}>
                Name or code contains
              </label>
              <input
                className="nhsuk-input nhsuk-input--width-20"
                id={qId}
                name="q"
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={draftQ}
                onChange={(e) => setDraftQ(e.target.value)}
              />
            </div>
            <button className="nhsuk-button nhsuk-button--small" type="submit">
              Apply filters
            </button>
          </form>
        </div>
        <div className="nhsuk-grid-column-one-half">
          <AsAtControl effective={first.data?.as_at} />
        </div>
      </div>

      {first.status === 'loading' && <Loading what="Loading networks" />}
      {first.data && (
        <>
          <DataTable<NetworkSummary>
            caption={heading}
            captionDetail={`(${countOf(items.length, 'network')}${cursor ? ' so far' : ''} as at ${formatDate(first.data.as_at)})`}
            rows={items}
            rowKey={(n) => n.code}
            columns={networkColumns(link).filter((c) => !(kind && c.header === 'Kind'))}
            extraCsv={
              kind ? [{ header: 'Kind', value: (n) => n.kind_label }, ...networkExtraCsv] : networkExtraCsv
            }
            filename={`networks${kind ? `-${kind.replaceAll('_', '-')}` : ''}-${first.data.as_at}`}
            emptyText="No networks match these filters on this date."
          />
          {cursor && (
            <button
              className="nhsuk-button nhsuk-button--secondary"
              type="button"
              onClick={loadMore}
              disabled={loadingMore}
            >
              {loadingMore ? 'Loading more networks…' : 'Show more networks'}
            </button>
          )}
        </>
      )}
    </>
  );
}
