import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { Invitation, Member } from '../../shared/account-schemas.ts';
import { CopyButton } from '../auth/CopyButton.tsx';
import {
  FormErrorSummary,
  problemsFrom,
  SelectField,
  SubmitButton,
  TextField,
  titleWithErrors,
} from '../auth/forms.tsx';
import { SuccessBanner } from '../auth/SuccessBanner.tsx';
import { hasRole, refreshSession, useMe } from '../auth/session.ts';
import { formatDay, isPast } from '../auth/time.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { type Column, DataTable } from '../components/DataTable.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { Tag } from '../components/Tag.tsx';
import { apiUrl, send } from '../lib/api.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { WorkspaceCaption, WorkspaceNav } from './WorkspaceNav.tsx';

type MemberRow = z.infer<typeof Member>;
type InvitationRow = z.infer<typeof Invitation>;

export const ROLE_NAMES: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  editor: 'Editor',
  viewer: 'Viewer',
};

const ROLE_HINT =
  'Viewers read the workspace’s notes; editors also write them; admins also manage members and see the audit log.';

const INVITE_FIELDS: Record<string, [string, string]> = {
  email: ['invite-email', 'Email address'],
  role: ['invite-role', 'Role'],
};

/** A member's role: a select and a save button (when you may change it), else the role's name. */
function RoleCell({
  member,
  editable,
  roles,
  onSave,
}: {
  member: MemberRow;
  editable: boolean;
  roles: readonly string[];
  onSave: (member: MemberRow, role: string) => void;
}) {
  const [role, setRole] = useState<string>(member.role);
  useEffect(() => setRole(member.role), [member.role]);
  if (!editable) return <>{ROLE_NAMES[member.role] ?? member.role}</>;
  const id = `role-${member.user_id}`;
  return (
    <form
      className="app-inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave(member, role);
      }}
    >
      <label className="nhsuk-u-visually-hidden" htmlFor={id}>
        Role of {member.email}
      </label>
      <select
        className="nhsuk-select"
        id={id}
        name="role"
        value={role}
        onChange={(e) => setRole(e.target.value)}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {ROLE_NAMES[r]}
          </option>
        ))}
      </select>
      <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
        Save<span className="nhsuk-u-visually-hidden"> the role of {member.email}</span>
      </button>
    </form>
  );
}

/** /workspace/members — who is in the workspace and with what role; invitations by link. Admins. */
export function MembersPage() {
  const me = useMe();
  const members = useResource<{ items: MemberRow[] }>(apiUrl('/workspace/members'));
  const invitations = useResource<{ items: InvitationRow[] }>(apiUrl('/workspace/invitations'));
  const form = useFormSubmit(INVITE_FIELDS);
  const [message, setMessage] = useState('');
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('viewer');
  const [link, setLink] = useState<{ email: string; link: string; expires_at: string } | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useDocumentTitle(
    members.status === 'error' ? problemTitle(members.error) : titleWithErrors('Members', form.problems),
  );

  useEffect(() => {
    if (removing) confirmRef.current?.focus();
  }, [removing]);

  if (members.status === 'error') return <ProblemPage error={members.error} heading="Members" />;

  const myRole = me?.role ?? 'viewer';
  const owner = myRole === 'owner';
  const assignable = owner ? ['owner', 'admin', 'editor', 'viewer'] : ['admin', 'editor', 'viewer'];
  const mayChange = (m: MemberRow) => hasRole(me, 'admin') && (owner || m.role !== 'owner');

  const failed = (error: unknown) => form.setProblems(problemsFrom(error, {}));
  const done = (text: string) => {
    form.setProblems([]);
    setMessage(text);
    requestAnimationFrame(() => messageRef.current?.focus());
  };

  const saveRole = async (m: MemberRow, next: string) => {
    if (next === m.role) return;
    setMessage('');
    try {
      await send('PATCH', `/workspace/members/${m.user_id}`, { role: next });
      done(`${m.email} now has the role ${ROLE_NAMES[next] ?? next}.`);
      members.reload();
      if (m.user_id === me?.user.id) void refreshSession();
    } catch (error) {
      failed(error);
    }
  };

  const remove = async (m: MemberRow) => {
    try {
      await send('DELETE', `/workspace/members/${m.user_id}`);
      setRemoving(null);
      done(`${m.email} is no longer a member of this workspace. Their API tokens for it are revoked.`);
      members.reload();
    } catch (error) {
      setRemoving(null);
      failed(error);
    }
  };

  const invite = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMessage('');
    void form.submit(
      email.trim()
        ? []
        : [{ id: 'invite-email', message: 'Enter the email address of the person to invite' }],
      async () => {
        const r = await send<{ link: string; expires_at: string }>('POST', '/workspace/invitations', {
          email: email.trim(),
          role,
        });
        setLink({ email: email.trim(), link: r.link, expires_at: r.expires_at });
        setEmail('');
        invitations.reload();
      },
    );
  };

  const revoke = async (i: InvitationRow) => {
    try {
      await send('DELETE', `/workspace/invitations/${i.id}`);
      done(`The invitation to ${i.email} is revoked: its link no longer works.`);
      invitations.reload();
    } catch (error) {
      failed(error);
    }
  };

  const memberColumns: Column<MemberRow>[] = [
    { header: 'Email address', cell: (m) => m.email, csv: (m) => m.email },
    { header: 'Name', cell: (m) => m.display_name, csv: (m) => m.display_name },
    {
      header: 'Role',
      cell: (m) => <RoleCell member={m} editable={mayChange(m)} roles={assignable} onSave={saveRole} />,
      csv: (m) => m.role,
    },
    {
      header: 'Second factor',
      cell: (m) => (m.second_factor ? <Tag colour="green">Set up</Tag> : <Tag colour="grey">Not set up</Tag>),
      csv: (m) => (m.second_factor ? 'yes' : 'no'),
    },
    {
      header: 'Joined',
      cell: (m) => (
        <>
          {formatDay(m.joined_at)}
          {m.disabled && (
            <>
              {' '}
              <Tag colour="red">Disabled</Tag>
            </>
          )}
        </>
      ),
      csv: (m) => m.joined_at,
    },
    {
      header: 'Action',
      cell: (m) =>
        mayChange(m) && m.user_id !== me?.user.id ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-cell-button"
            onClick={() => {
              setMessage('');
              setRemoving(m);
            }}
          >
            Remove<span className="nhsuk-u-visually-hidden"> {m.email}</span>
          </button>
        ) : (
          ''
        ),
    },
  ];

  const open = invitations.data?.items.filter((i) => !i.accepted_at) ?? [];
  const invitationColumns: Column<InvitationRow>[] = [
    { header: 'Email address', cell: (i) => i.email, csv: (i) => i.email },
    { header: 'Role', cell: (i) => ROLE_NAMES[i.role] ?? i.role, csv: (i) => i.role },
    { header: 'Sent', cell: (i) => formatDay(i.created_at), csv: (i) => i.created_at },
    {
      header: 'Expires',
      cell: (i) => (isPast(i.expires_at) ? <Tag colour="orange">Expired</Tag> : formatDay(i.expires_at)),
      csv: (i) => i.expires_at,
    },
    {
      header: 'Action',
      cell: (i) => (
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-cell-button"
          onClick={() => void revoke(i)}
        >
          Revoke<span className="nhsuk-u-visually-hidden"> the invitation to {i.email}</span>
        </button>
      ),
    },
  ];

  return (
    <>
      <FormErrorSummary problems={form.problems} />
      <WorkspaceCaption />
      <h1>Members</h1>
      <WorkspaceNav />
      {message && (
        <p className="nhsuk-body nhsuk-u-font-weight-bold" role="status" tabIndex={-1} ref={messageRef}>
          {message}
        </p>
      )}
      {removing && (
        <div className="nhsuk-warning-callout" tabIndex={-1} ref={confirmRef}>
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Remove {removing.email}?
          </h2>
          <p>
            They will no longer see this workspace or its notes, and their API tokens for it will stop
            working. You can invite them again later.
          </p>
          <div className="nhsuk-button-group">
            <button
              type="button"
              className="nhsuk-button nhsuk-button--warning"
              onClick={() => void remove(removing)}
            >
              Yes, remove {removing.email}
            </button>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => setRemoving(null)}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {members.status === 'loading' ? (
        <Loading what="Loading the members" />
      ) : (
        <DataTable<MemberRow>
          caption="Members of this workspace"
          captionDetail={`(${members.data.items.length})`}
          rows={members.data.items}
          rowKey={(m) => String(m.user_id)}
          columns={memberColumns}
          filename="atlas-workspace-members"
          extraCsv={[{ header: 'Disabled', value: (m) => (m.disabled ? 'yes' : 'no') }]}
        />
      )}

      <h2>Invite someone</h2>
      <p>The Atlas does not send email: you send the link yourself. It works once, for 7 days.</p>
      {link && (
        <SuccessBanner key={link.link} titleId="invitation-title" titleLevel={3}>
          <h4 className="nhsuk-notification-banner__heading">Invitation link for {link.email}</h4>
          <p>
            Copy it now and send it to them: it is shown only this once. It works until{' '}
            {formatDay(link.expires_at)}.
          </p>
          <code className="app-secret app-secret--small" data-testid="invitation-link">
            {link.link}
          </code>
          <CopyButton text={link.link} what="invitation link" />
        </SuccessBanner>
      )}
      <form onSubmit={invite} noValidate>
        <TextField
          id="invite-email"
          label="Email address"
          type="email"
          autoComplete="off"
          spellCheck={false}
          width={30}
          value={email}
          onChange={setEmail}
          error={form.errorFor('invite-email')}
        />
        <SelectField
          id="invite-role"
          label="Role"
          hint={ROLE_HINT}
          value={role}
          onChange={setRole}
          error={form.errorFor('invite-role')}
          options={['viewer', 'editor', 'admin'].map((r) => ({ value: r, text: ROLE_NAMES[r] ?? r }))}
        />
        <SubmitButton busy={form.busy}>Create invitation link</SubmitButton>
      </form>

      <h2>Open invitations</h2>
      {invitations.status === 'error' ? (
        <p>{invitations.error.detail}</p>
      ) : invitations.status === 'loading' ? (
        <Loading what="Loading the invitations" />
      ) : (
        <DataTable<InvitationRow>
          caption="Invitations not yet accepted"
          captionSize="s"
          captionDetail={`(${open.length})`}
          rows={open}
          rowKey={(i) => String(i.id)}
          columns={invitationColumns}
          filename="atlas-open-invitations"
          emptyText="There are no open invitations."
        />
      )}
    </>
  );
}
