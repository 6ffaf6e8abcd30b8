import { type FormEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { Freshness, PersonSummary } from '../../shared/people-schemas.ts';
import { FormErrorSummary, SubmitButton, TextField, titleWithErrors } from '../auth/forms.tsx';
import { formatDateTime } from '../auth/time.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { ApiError, apiUrl, send } from '../lib/api.ts';
import { countOf, formatDate } from '../lib/format.ts';
import { useLocation, withQuery } from '../lib/router.ts';
import { networkHref, organisationHref, personHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { usePeopleAccess } from '../personas/access.ts';
import { Verified } from './records.tsx';

type FreshnessData = z.infer<typeof Freshness>;
/** A recent change, numbered: two entries can share a time, action and record. */
type Change = FreshnessData['recent_changes'][number] & { n: number };
type CountKey = keyof FreshnessData['counts'];

/** The windows of "what changed recently" the page offers, in days. */
export const CHANGE_WINDOWS = [7, 30, 90, 365] as const;

/** The window asked for in the URL (?days=), or 30 when it is missing or not one on offer. */
export function changeWindow(param: string | null): number {
  const n = Number(param);
  return (CHANGE_WINDOWS as readonly number[]).includes(n) ? n : 30;
}

/** The share of records that are stale, as people read it: "25%", "under 1%", or "–" when none. */
export function staleShare(c: { total: number; stale: number }): string {
  if (c.total === 0) return '–';
  if (c.stale === 0) return '0%';
  const pct = (100 * c.stale) / c.total;
  if (pct < 1) return 'under 1%';
  return `${Math.round(pct)}%`;
}

/** The problem with a typed stale-after value, or null: a whole number of months, 1 to 120. */
export function monthsProblem(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'Enter the number of months after which a record is stale';
  if (!/^\d+$/.test(v)) return 'Months must be a whole number, like 12';
  const n = Number(v);
  if (n < 1 || n > 120) return 'Months must be between 1 and 120';
  return null;
}

const COUNT_ROWS: { key: CountKey; label: string }[] = [
  { key: 'people', label: 'People' },
  { key: 'posts', label: 'Posts' },
  { key: 'memberships', label: 'Network memberships' },
  { key: 'relationships', label: 'Relationships' },
];

/** A person's current posts as "Title, Organisation" lines. */
function CurrentPosts({ person }: { person: PersonSummary }) {
  if (person.current_posts.length === 0) return <>None recorded</>;
  return (
    <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
      {person.current_posts.map((p) => (
        <li key={p.id}>
          {p.title}
          {p.organisation && (
            <>
              , <Link href={organisationHref(p.organisation.code)}>{p.organisation.name}</Link>
            </>
          )}
          {p.network && (
            <>
              , <Link href={networkHref(p.network.code)}>{p.network.name}</Link>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The stale-after setting: a number of months, saved by owners only. */
function StaleAfterSetting({ months, onSaved }: { months: number; onSaved: (months: number) => void }) {
  const [value, setValue] = useState(String(months));
  const form = useFormSubmit({ stale_after_months: ['stale-after-months', 'Months'] });
  useEffect(() => setValue(String(months)), [months]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = monthsProblem(value);
    void form.submit(problem ? [{ id: 'stale-after-months', message: problem }] : [], async () => {
      const n = Number(value.trim());
      await send('PUT', '/people/freshness/settings', { stale_after_months: n });
      onSaved(n);
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormErrorSummary problems={form.problems} />
      <TextField
        id="stale-after-months"
        label="A record is stale when not verified for this many months"
        hint="A whole number from 1 to 120. The default is 12."
        inputMode="numeric"
        width={3}
        value={value}
        onChange={setValue}
        error={form.errorFor('stale-after-months')}
      />
      <SubmitButton busy={form.busy} className="nhsuk-button nhsuk-button--secondary">
        Save setting
      </SubmitButton>
    </form>
  );
}

/**
 * /people/freshness — what has gone stale in the workspace's people records and what changed recently:
 * counts of stale people, posts, memberships and relationships; the stalest people, each with a
 * "Mark as verified" action for editors; recent changes from the audit log; and, for owners, the
 * number of months after which a record counts as stale.
 */
export function FreshnessPage() {
  const access = usePeopleAccess();
  const { search } = useLocation();
  const days = changeWindow(search.get('days'));
  const state = useResource<FreshnessData>(apiUrl('/people/freshness', { days, limit: 50 }));
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error)
      : titleWithErrors('Freshness of people records', problem ? [{ id: null, message: problem }] : []),
  );

  if (state.status === 'error')
    return <ProblemPage error={state.error} heading="Freshness of people records" />;
  if (state.status === 'loading') return <Loading what="Loading freshness" />;
  const f = state.data;

  const verify = async (person: PersonSummary) => {
    setMessage(null);
    setProblem(null);
    setBusyId(person.id);
    try {
      await send('POST', `/people/${person.id}/verify`, { version: person.version });
      setMessage(`${person.name} is marked as verified on ${formatDate(f.today)}.`);
      state.reload();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setProblem(
          `${person.name} was changed by someone else since this page loaded. The list is reloaded: try again.`,
        );
        state.reload();
      } else {
        setProblem(error instanceof ApiError ? error.detail || error.title : String(error));
      }
    } finally {
      setBusyId(null);
    }
  };

  return (
    <>
      {problem && <FormErrorSummary problems={[{ id: null, message: problem }]} />}
      <h1>Freshness of people records</h1>
      <p className="nhsuk-body-l">
        People change posts often. A record is stale when nobody has verified it for{' '}
        {countOf(f.stale_after_months, 'month')}: here, when it was last verified before{' '}
        {formatDate(f.stale_before)}, or never.
      </p>
      {message && (
        <p className="nhsuk-body" role="status">
          {message}
        </p>
      )}

      <DataTable<(typeof COUNT_ROWS)[number]>
        caption="Stale records"
        captionDetail={`(as at ${formatDate(f.today)})`}
        rows={COUNT_ROWS}
        rowKey={(r) => r.key}
        filename={`people-freshness-${f.today}`}
        columns={[
          { header: 'Record', cell: (r) => r.label, csv: (r) => r.label },
          {
            header: 'Total',
            cell: (r) => f.counts[r.key].total.toLocaleString('en-GB'),
            csv: (r) => f.counts[r.key].total,
            numeric: true,
          },
          {
            header: 'Stale',
            cell: (r) => f.counts[r.key].stale.toLocaleString('en-GB'),
            csv: (r) => f.counts[r.key].stale,
            numeric: true,
          },
          {
            header: 'Share stale',
            cell: (r) => staleShare(f.counts[r.key]),
            csv: (r) => staleShare(f.counts[r.key]),
            numeric: true,
          },
        ]}
      />

      <h2>The stalest people</h2>
      <p className="nhsuk-body">
        Never verified first, then the longest since. Check each with a source, then mark them as verified
        {access.write ? '' : ' (editors can do this)'}.
      </p>
      <DataTable<PersonSummary>
        caption="People to verify"
        captionSize="s"
        captionDetail={`(${f.stale_people.length.toLocaleString('en-GB')} of ${f.counts.people.stale.toLocaleString('en-GB')} stale)`}
        rows={f.stale_people}
        rowKey={(p) => String(p.id)}
        filename={`people-to-verify-${f.today}`}
        emptyText="No one is stale: every person has been verified recently."
        columns={[
          {
            header: 'Person',
            cell: (p) => <Link href={personHref(p.id)}>{p.name}</Link>,
            csv: (p) => p.name,
          },
          {
            header: 'Posts now',
            cell: (p) => <CurrentPosts person={p} />,
            csv: (p) => p.current_posts.map((x) => x.title).join('; '),
          },
          { header: 'Source', cell: (p) => p.source, csv: (p) => p.source },
          {
            header: 'Last verified',
            cell: (p) => <Verified on={p.last_verified_on} stale={p.stale} />,
            csv: (p) => p.last_verified_on,
          },
          ...(access.write
            ? [
                {
                  header: 'Action',
                  cell: (p: PersonSummary) => (
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                      disabled={busyId !== null}
                      aria-disabled={busyId !== null}
                      onClick={() => void verify(p)}
                    >
                      Mark as verified<span className="nhsuk-u-visually-hidden"> {p.name}</span>
                    </button>
                  ),
                },
              ]
            : []),
        ]}
        extraCsv={[
          { header: 'Person id', value: (p) => p.id },
          { header: 'Do not contact', value: (p) => (p.do_not_contact ? 'yes' : 'no') },
        ]}
      />

      <h2>What changed recently</h2>
      <nav aria-label="How far back" className="nhsuk-body">
        Show changes in the last:{' '}
        {CHANGE_WINDOWS.map((d, i) => (
          <span key={d}>
            {i > 0 && ' · '}
            {d === days ? (
              <strong aria-current="page">{countOf(d, 'day')}</strong>
            ) : (
              <Link href={withQuery('/people/freshness', { days: d })}>{countOf(d, 'day')}</Link>
            )}
          </span>
        ))}
      </nav>
      <DataTable<Change>
        caption={`Changes in the last ${countOf(days, 'day')}`}
        captionSize="s"
        captionDetail={`(${f.recent_changes.length.toLocaleString('en-GB')}, newest first)`}
        rows={f.recent_changes.map((c, n) => ({ ...c, n }))}
        rowKey={(c) => String(c.n)}
        filename={`people-changes-${days}-days-${f.today}`}
        emptyText={`Nothing about people has changed in the last ${countOf(days, 'day')}.`}
        columns={[
          { header: 'When', cell: (c) => formatDateTime(c.at), csv: (c) => c.at },
          {
            header: 'Person',
            cell: (c) => (c.person ? <Link href={personHref(c.person.id)}>{c.person.name}</Link> : ''),
            csv: (c) => c.person?.name,
          },
          { header: 'What', cell: (c) => <code>{c.action}</code>, csv: (c) => c.action },
          {
            header: 'Fields changed',
            cell: (c) => c.fields.join(', '),
            csv: (c) => c.fields.join('; '),
          },
          { header: 'By', cell: (c) => c.actor_email ?? 'Not recorded', csv: (c) => c.actor_email },
        ]}
        extraCsv={[
          { header: 'Record type', value: (c) => c.target_type },
          { header: 'Record id', value: (c) => c.target_id },
          { header: 'Person id', value: (c) => c.person?.id },
        ]}
      />

      {access.own && (
        <section aria-labelledby="freshness-setting" className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2 id="freshness-setting">When a record goes stale</h2>
            <StaleAfterSetting
              months={f.stale_after_months}
              onSaved={(n) => {
                setMessage(`Records now go stale after ${countOf(n, 'month')}.`);
                state.reload();
              }}
            />
          </div>
        </section>
      )}
    </>
  );
}
