import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import type { ApiToken } from '../../shared/account-schemas.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { Tag } from '../components/Tag.tsx';
import { apiUrl, send } from '../lib/api.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { CopyButton } from './CopyButton.tsx';
import { FormErrorSummary, type FormProblem, SubmitButton, TextField, titleWithErrors } from './forms.tsx';
import { AccountNav } from './SubNav.tsx';
import { SuccessBanner } from './SuccessBanner.tsx';
import { hasRole, useMe } from './session.ts';
import { formatDateTime, formatDay, isPast } from './time.ts';
import { useFormSubmit } from './useFormSubmit.ts';
import { useResource } from './useResource.ts';

type Token = z.infer<typeof ApiToken>;

const FIELDS: Record<string, [string, string]> = {
  name: ['token-name', 'Name'],
  expires_in_days: ['token-days', 'Days until it expires'],
};

function statusOf(t: Token): 'revoked' | 'expired' | 'active' {
  if (t.revoked_at) return 'revoked';
  return isPast(t.expires_at) ? 'expired' : 'active';
}

/** /account/tokens — your API tokens: list, revoke, create (shown once); admins may see everyone's. */
export function TokensPage() {
  const me = useMe();
  const { search } = useLocation();
  const admin = hasRole(me, 'admin');
  const all = admin && search.get('all') === 'true';
  const state = useResource<{ items: Token[] }>(apiUrl('/tokens', { all: all ? 'true' : null }));
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const form = useFormSubmit(FIELDS);
  const [created, setCreated] = useState<{ token: string; name: string; expires_at: string } | null>(null);
  const [message, setMessage] = useState('');
  useDocumentTitle(
    state.status === 'error' ? problemTitle(state.error) : titleWithErrors('Your API tokens', form.problems),
  );

  if (state.status === 'error') return <ProblemPage error={state.error} heading="Your API tokens" />;

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FormProblem[] = [];
    const n = Number(days);
    if (!name.trim()) found.push({ id: 'token-name', message: 'Enter a name for the token' });
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 366)
      found.push({ id: 'token-days', message: 'Days until it expires must be a whole number from 1 to 366' });
    void form.submit(found, async () => {
      const r = await send<{ token: string; expires_at: string }>('POST', '/tokens', {
        name: name.trim(),
        expires_in_days: n,
      });
      setCreated({ token: r.token, name: name.trim(), expires_at: r.expires_at });
      setName('');
      setDays('90');
      state.reload();
    });
  };

  const revoke = async (t: Token) => {
    setMessage('');
    try {
      await send('DELETE', `/tokens/${t.id}`);
      setMessage(`The token “${t.name}” is revoked: it no longer works.`);
      state.reload();
    } catch (error) {
      form.fail(error);
    }
  };

  const columns: Column<Token>[] = [
    { header: 'Name', cell: (t) => t.name, csv: (t) => t.name },
    { header: 'Prefix', cell: (t) => <code>{t.prefix}</code>, csv: (t) => t.prefix },
    ...(all ? [{ header: 'Person', cell: (t: Token) => t.user_email, csv: (t: Token) => t.user_email }] : []),
    { header: 'Created', cell: (t) => formatDay(t.created_at), csv: (t) => t.created_at },
    { header: 'Expires', cell: (t) => formatDay(t.expires_at), csv: (t) => t.expires_at },
    {
      header: 'Last used',
      cell: (t) => (t.last_used_at ? formatDateTime(t.last_used_at) : 'Never'),
      csv: (t) => t.last_used_at,
    },
    {
      header: 'Status',
      cell: (t) => {
        const s = statusOf(t);
        if (s === 'revoked') return <Tag colour="grey">Revoked {formatDay(t.revoked_at)}</Tag>;
        if (s === 'expired') return <Tag colour="orange">Expired</Tag>;
        return <Tag colour="green">Active</Tag>;
      },
      csv: (t) => (t.revoked_at ? `revoked ${t.revoked_at}` : statusOf(t)),
    },
    {
      header: 'Action',
      cell: (t) =>
        statusOf(t) === 'active' ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-cell-button"
            onClick={() => void revoke(t)}
          >
            Revoke<span className="nhsuk-u-visually-hidden"> the token {t.name}</span>
          </button>
        ) : (
          ''
        ),
    },
  ];

  return (
    <>
      <FormErrorSummary problems={form.problems} />
      <AccountNav />
      <h1>Your API tokens</h1>
      <p>
        An API token lets a program use the Atlas API as you, in{' '}
        {me?.workspace ? <strong>{me.workspace.name}</strong> : 'your current workspace'}, with your role.
        Send it in the header <code>Authorization: Bearer …</code>.
      </p>
      {created && (
        <SuccessBanner key={created.token} titleId="token-created-title">
          <h3 className="nhsuk-notification-banner__heading">Your new token “{created.name}”</h3>
          <p>Copy it now: it is shown only this once. It works until {formatDay(created.expires_at)}.</p>
          <code className="app-secret app-secret--small" data-testid="new-token">
            {created.token}
          </code>
          <CopyButton text={created.token} what="token" />
        </SuccessBanner>
      )}
      {message && (
        <p className="nhsuk-body" role="status">
          {message}
        </p>
      )}
      {admin && (
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small nhsuk-u-margin-bottom-4">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="all-tokens"
              name="all"
              type="checkbox"
              checked={all}
              onChange={(e) =>
                navigate(e.target.checked ? '/account/tokens?all=true' : '/account/tokens', { replace: true })
              }
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="all-tokens">
              Show everyone's tokens in this workspace
            </label>
          </div>
        </div>
      )}
      {state.status === 'loading' ? (
        <Loading what="Loading the tokens" />
      ) : (
        <DataTable<Token>
          caption={all ? 'Everyone’s tokens' : 'Your tokens'}
          captionDetail={`(${state.data.items.length})`}
          rows={state.data.items}
          rowKey={(t) => String(t.id)}
          columns={columns}
          filename={all ? 'atlas-api-tokens-all' : 'atlas-api-tokens'}
          emptyText="You have no API tokens in this workspace yet."
          extraCsv={all ? [] : [{ header: 'Person', value: (t) => t.user_email }]}
        />
      )}

      <h2>Create a token</h2>
      <form onSubmit={create} noValidate>
        <TextField
          id="token-name"
          label="Name"
          hint="What the token is for, so you know it later. For example, ‘Monthly report script’."
          autoComplete="off"
          width={30}
          value={name}
          onChange={setName}
          error={form.errorFor('token-name')}
        />
        <TextField
          id="token-days"
          label="Days until it expires"
          hint="From 1 to 366."
          inputMode="numeric"
          autoComplete="off"
          width={4}
          value={days}
          onChange={setDays}
          error={form.errorFor('token-days')}
        />
        <SubmitButton busy={form.busy}>Create token</SubmitButton>
      </form>
    </>
  );
}
