import { useId } from 'react';
import type { z } from 'zod';
import type { Membership, OrganisationPeople, Post } from '../../shared/people-schemas.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { apiUrl } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { networkHref, personaHref, personHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { usePeopleAccess } from '../personas/access.ts';
import { levelLabel, roleLabel } from './labels.ts';
import { sortMembers } from './RosterMakeup.ts';
import { Verified } from './records.tsx';

type OrgPeopleData = z.infer<typeof OrganisationPeople>;

/** Posts in the order an organisation's people read: by title, then by the holder's name. */
export function sortPosts<P extends Pick<Post, 'title' | 'person'>>(posts: readonly P[]): P[] {
  return [...posts].sort(
    (a, b) => a.title.localeCompare(b.title, 'en-GB') || a.person.name.localeCompare(b.person.name, 'en-GB'),
  );
}

/**
 * An organisation's people on the page's as-at date: who holds which post there, and who sits in
 * networks for it. Private to a workspace: shows nothing to someone outside one, and says so plainly
 * when the people cannot be loaded.
 */
export function OrgPeople({ code, name }: { code: string; name: string }) {
  const access = usePeopleAccess();
  const { asAt, link } = useAsAt();
  const headingId = useId();
  const state = useApi<OrgPeopleData>(
    access.read ? apiUrl(`/organisations/${encodeURIComponent(code)}/people`, { as_at: asAt }) : null,
  );
  if (!access.read) return null;

  return (
    <section aria-labelledby={headingId} data-testid="organisation-people">
      <h2 id={headingId}>People</h2>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          Who works at {name}, from your workspace’s own records
          {access.me?.workspace ? ` (${access.me.workspace.name})` : ''}. They are not part of the open data.
        </p>
      </div>
      {access.write && (
        <p className="nhsuk-body">
          <Link href="/people/new">Add a person</Link>
        </p>
      )}
      {state.status === 'loading' && <Loading what="Loading the people" />}
      {state.status === 'error' && (
        <p className="nhsuk-body">
          The people at {name} could not be loaded: {state.error.detail || state.error.title}
        </p>
      )}
      {state.status === 'ok' && <OrgPeopleTables data={state.data} link={link} />}
    </section>
  );
}

function OrgPeopleTables({ data, link }: { data: OrgPeopleData; link: (path: string) => string }) {
  const o = data.organisation;
  const day = data.as_at;
  const file = (what: string) => `${o.code}-${what}-${day}`.toLowerCase();
  return (
    <>
      <DataTable<Post>
        caption={`Posts at ${o.name}`}
        captionSize="s"
        captionDetail={`(${data.posts.length.toLocaleString('en-GB')} on ${formatDate(day)})`}
        rows={sortPosts(data.posts)}
        rowKey={(p) => String(p.id)}
        filename={file('posts')}
        emptyText={`No posts at ${o.name} are recorded on ${formatDate(day)}.`}
        columns={[
          {
            header: 'Person',
            cell: (p) => <Link href={personHref(p.person.id)}>{p.person.name}</Link>,
            csv: (p) => p.person.name,
          },
          { header: 'Post', cell: (p) => p.title, csv: (p) => p.title },
          {
            header: 'Persona',
            cell: (p) => (p.persona ? <Link href={personaHref(p.persona.code)}>{p.persona.name}</Link> : ''),
            csv: (p) => p.persona?.name,
          },
          { header: 'Level', cell: (p) => levelLabel(p.level), csv: (p) => p.level },
          { header: 'From', cell: (p) => formatDate(p.valid_from), csv: (p) => p.valid_from },
          { header: 'To', cell: (p) => formatDate(p.valid_to), csv: (p) => p.valid_to },
          {
            header: 'Last verified',
            cell: (p) => <Verified on={p.last_verified_on} stale={p.stale} />,
            csv: (p) => p.last_verified_on,
          },
        ]}
        extraCsv={[
          { header: 'Person id', value: (p) => p.person.id },
          { header: 'Persona code', value: (p) => p.persona?.code },
          { header: 'Stale', value: (p) => (p.stale ? 'yes' : 'no') },
          { header: 'Source', value: (p) => p.source },
        ]}
      />
      <DataTable<Membership>
        caption={`People in networks for ${o.name}`}
        captionSize="s"
        captionDetail={`(${data.memberships.length.toLocaleString('en-GB')})`}
        rows={sortMembers(data.memberships)}
        rowKey={(m) => String(m.id)}
        filename={file('network-members')}
        emptyText={`No one is recorded as sitting in a network for ${o.name} on ${formatDate(day)}.`}
        columns={[
          {
            header: 'Person',
            cell: (m) =>
              m.person ? (
                <Link href={personHref(m.person.id)}>{m.person.name}</Link>
              ) : (
                (m.organisation?.name ?? '')
              ),
            csv: (m) => m.person?.name ?? m.organisation?.name,
          },
          {
            header: 'Network',
            cell: (m) => <Link href={link(networkHref(m.network.code))}>{m.network.name}</Link>,
            csv: (m) => m.network.name,
          },
          { header: 'Role', cell: (m) => roleLabel(m.role), csv: (m) => m.role },
          { header: 'Voting', cell: (m) => (m.voting ? 'Yes' : 'No'), csv: (m) => (m.voting ? 'yes' : 'no') },
          { header: 'From', cell: (m) => formatDate(m.valid_from), csv: (m) => m.valid_from },
          { header: 'To', cell: (m) => formatDate(m.valid_to), csv: (m) => m.valid_to },
        ]}
        extraCsv={[
          { header: 'Person id', value: (m) => m.person?.id },
          { header: 'Network code', value: (m) => m.network.code },
        ]}
      />
    </>
  );
}
