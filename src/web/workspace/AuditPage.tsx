import { type FormEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { AuditEntry, AuditPage as AuditPageBody } from '../../shared/account-schemas.ts';
import { FormErrorSummary, type FormProblem, problemFor, SelectField, TextField } from '../auth/forms.tsx';
import { formatDateTime } from '../auth/time.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { Tag } from '../components/Tag.tsx';
import { ApiError, apiUrl, getJson } from '../lib/api.ts';
import { isIsoDate } from '../lib/format.ts';
import { navigate, useLocation, withQuery } from '../lib/router.ts';
import { useApi } from '../lib/useApi.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { WorkspaceCaption, WorkspaceNav } from './WorkspaceNav.tsx';

type Entry = z.infer<typeof AuditEntry>;
type Page = z.infer<typeof AuditPageBody>;

const PAGE_SIZE = 100;
const FILTERS = ['action', 'actor', 'outcome', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The free-text filters: the start of an action, and part of the person's email address. */
const TEXT_FILTERS = [
  { key: 'action', label: 'Action starts with', hint: 'For example auth. or member.', width: 10 },
  { key: 'actor', label: 'Person', hint: 'Part of their email address', width: 20 },
] as const;

/** The date filters, each checked to be a real date. */
const DATE_FILTERS = [
  { key: 'from', label: 'From' },
  { key: 'to', label: 'To' },
] as const;

function OutcomeTag({ outcome }: { outcome: string }) {
  if (outcome === 'success') return <Tag colour="green">Success</Tag>;
  if (outcome === 'failure') return <Tag colour="red">Failure</Tag>;
  if (outcome === 'refused') return <Tag colour="orange">Refused</Tag>;
  return <Tag>{outcome}</Tag>;
}

const COLUMNS: Column<Entry>[] = [
  { header: 'When', cell: (e) => formatDateTime(e.at), csv: (e) => e.at },
  { header: 'Who', cell: (e) => e.actor_email ?? 'Nobody signed in', csv: (e) => e.actor_email },
  { header: 'Action', cell: (e) => <code>{e.action}</code>, csv: (e) => e.action },
  { header: 'Outcome', cell: (e) => <OutcomeTag outcome={e.outcome} />, csv: (e) => e.outcome },
  {
    header: 'Target',
    cell: (e) => [e.target_type, e.target_id].filter(Boolean).join(' '),
    csv: (e) => [e.target_type, e.target_id].filter(Boolean).join(' '),
  },
  { header: 'From IP address', cell: (e) => e.ip ?? '', csv: (e) => e.ip },
];

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

/** /workspace/audit — who did what in the workspace, newest first, filtered by the query string. Admins. */
export function AuditPage() {
  const { search } = useLocation();
  const applied: Filters = {
    action: search.get('action') ?? '',
    actor: search.get('actor') ?? '',
    outcome: search.get('outcome') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
  const first = useApi<Page>(apiUrl('/audit', { ...applied, limit: PAGE_SIZE }));
  const [draft, setDraft] = useState<Filters>(applied);
  const [more, setMore] = useState<{ items: Entry[]; next: number | null; for: string } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>('');
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const query = search.toString();
  useDocumentTitle(first.status === 'error' ? problemTitle(first.error) : 'Audit log');

  // New filters in the URL: show them in the form and start from the newest entries again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string stands for the filters
  useEffect(() => {
    setDraft(applied);
    setMore(null);
    setMoreError('');
  }, [query]);

  if (first.status === 'error' && !(first.error.status === 400)) {
    return <ProblemPage error={first.error} heading="Audit log" />;
  }

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FormProblem[] = DATE_FILTERS.filter(({ key }) => draft[key] && !isIsoDate(draft[key])).map(
      ({ key, label }) => ({ id: `audit-${key}`, message: `${label} must be a real date` }),
    );
    setProblems(found);
    if (found.length > 0) return;
    navigate(
      withQuery('/workspace/audit', { ...draft, action: draft.action.trim(), actor: draft.actor.trim() }),
    );
  };

  const data = first.status === 'ok' ? first.data : null;
  const extra = more && more.for === query ? more : null;
  const items = data ? [...data.items, ...(extra?.items ?? [])] : [];
  const nextBefore = extra ? extra.next : (data?.next_before ?? null);

  const loadMore = async () => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await getJson<Page>(
        apiUrl('/audit', { ...applied, limit: PAGE_SIZE, before: nextBefore }),
      );
      setMore({ items: [...(extra?.items ?? []), ...page.items], next: page.next_before, for: query });
    } catch (error) {
      setMoreError(error instanceof ApiError ? error.detail : String(error));
    } finally {
      setLoadingMore(false);
    }
  };

  /** The id, value, change handler and error message of the field for the filter `key`. */
  const field = (key: keyof Filters) => ({
    id: `audit-${key}`,
    value: draft[key],
    onChange: (value: string) => setDraft((d) => ({ ...d, [key]: value })),
    error: problemFor(problems, `audit-${key}`),
  });
  const filtered = FILTERS.some((k) => applied[k]);

  return (
    <>
      <FormErrorSummary problems={problems} />
      {first.status === 'error' && (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__heading">There is a problem</h2>
          <div className="nhsuk-error-summary__body">
            <p>{first.error.detail}</p>
          </div>
        </div>
      )}
      <WorkspaceCaption />
      <h1>Audit log</h1>
      <WorkspaceNav />
      <p>Everything done in this workspace, newest first: sign-ins, changes to members, tokens and notes.</p>
      <form className="app-filters" onSubmit={apply} noValidate aria-label="Filter the audit log">
        <div className="app-filters__row">
          {TEXT_FILTERS.map(({ key, label, hint, width }) => (
            <TextField
              key={key}
              {...field(key)}
              label={label}
              hint={hint}
              autoComplete="off"
              spellCheck={false}
              width={width}
            />
          ))}
          <SelectField
            {...field('outcome')}
            label="Outcome"
            options={[
              { value: '', text: 'Any' },
              { value: 'success', text: 'Success' },
              { value: 'failure', text: 'Failure' },
              { value: 'refused', text: 'Refused' },
            ]}
          />
          {DATE_FILTERS.map(({ key, label }) => (
            <TextField key={key} {...field(key)} label={label} type="date" />
          ))}
        </div>
        <div className="nhsuk-button-group">
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Apply filters
          </button>
          {filtered && (
            <a
              className="nhsuk-link"
              href="/workspace/audit"
              onClick={(e) => {
                e.preventDefault();
                navigate('/workspace/audit');
              }}
            >
              Clear filters
            </a>
          )}
        </div>
      </form>
      {first.status === 'loading' ? (
        <Loading what="Loading the audit log" />
      ) : (
        <>
          <DataTable<Entry>
            caption={filtered ? 'Audit entries matching the filters' : 'Audit entries'}
            captionDetail={`(${items.length.toLocaleString('en-GB')}${nextBefore !== null ? ' shown, more to load' : ''})`}
            rows={items}
            rowKey={(e) => String(e.id)}
            columns={COLUMNS}
            filename={`atlas-audit-log-${new Date().toISOString().slice(0, 10)}`}
            emptyText="No audit entries match."
            extraCsv={[
              { header: 'Entry', value: (e) => e.id },
              { header: 'User agent', value: (e) => e.user_agent },
              { header: 'Before', value: (e) => json(e.before) },
              { header: 'After', value: (e) => json(e.after) },
              { header: 'Details', value: (e) => json(e.details) },
            ]}
          />
          {moreError && <p className="nhsuk-error-message">{moreError}</p>}
          {nextBefore !== null && (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => void loadMore()}
              disabled={loadingMore}
              aria-disabled={loadingMore}
            >
              {loadingMore ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </>
  );
}
