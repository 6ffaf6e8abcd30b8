import { useId } from 'react';
import type { Membership, Roster } from '../../shared/people-schemas.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { Tag } from '../components/Tag.tsx';
import { apiUrl } from '../lib/api.ts';
import { countOf, formatDate } from '../lib/format.ts';
import { ORGANISATION_KIND_LABELS, type OrganisationKind } from '../lib/labels.ts';
import { organisationHref, personHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { usePeopleAccess } from '../personas/access.ts';
import { professionsText, roleLabel, sectorLabel } from './labels.ts';
import {
  type CountRow,
  countRows,
  makeupSentence,
  memberName,
  patientInvolvementText,
  professionLabels,
  roleLabels,
  sectorLabels,
  sortMembers,
  triadRows,
  triadSummary,
} from './RosterMakeup.ts';
import { Verified } from './records.tsx';

type Represented = Roster['makeup']['represented'][number];
type TriadRow = ReturnType<typeof triadRows>[number];

/** A member's name, linked to their person or organisation page. */
function MemberName({ m, link }: { m: Membership; link: (path: string) => string }) {
  if (m.person) return <Link href={personHref(m.person.id)}>{m.person.name}</Link>;
  if (m.organisation)
    return <Link href={link(organisationHref(m.organisation.code))}>{m.organisation.name}</Link>;
  return <>{memberName(m)}</>;
}

/** A count table of the make-up (by profession, by sector, by role). */
function CountTable({
  caption,
  heading,
  rows,
  filename,
  emptyText,
}: {
  caption: string;
  heading: string;
  rows: CountRow[];
  filename: string;
  emptyText: string;
}) {
  return (
    <DataTable<CountRow>
      caption={caption}
      captionSize="s"
      rows={rows}
      rowKey={(r) => r.key}
      filename={filename}
      emptyText={emptyText}
      columns={[
        { header: heading, cell: (r) => r.label, csv: (r) => r.label },
        {
          header: 'Members',
          cell: (r) => r.count.toLocaleString('en-GB'),
          csv: (r) => r.count,
          numeric: true,
        },
      ]}
      extraCsv={[{ header: 'Code', value: (r) => r.key }]}
    />
  );
}

/**
 * A network's roster on the page's as-at date: its members, and its make-up as source 002 tests a
 * managed network — the triad of lead doctor, lead nurse and lead manager, patient involvement, the
 * professions, sectors and organisations around the table. Private to a workspace: shows nothing to
 * someone outside one, and says so plainly when the roster cannot be loaded.
 */
export function RosterSection({ code, name }: { code: string; name: string }) {
  const access = usePeopleAccess();
  const { asAt, link } = useAsAt();
  const headingId = useId();
  const state = useApi<Roster>(
    access.read ? apiUrl(`/networks/${encodeURIComponent(code)}/roster`, { as_at: asAt }) : null,
  );
  if (!access.read) return null;

  const file = (what: string, day: string) => `${code}-${what}-${day}`.toLowerCase();

  return (
    <section aria-labelledby={headingId} data-testid="roster">
      <h2 id={headingId}>Roster</h2>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          Who sits on {name}, from your workspace’s own records
          {access.me?.workspace ? ` (${access.me.workspace.name})` : ''}. They are not part of the open data.
        </p>
      </div>
      {state.status === 'loading' && <Loading what="Loading the roster" />}
      {state.status === 'error' && (
        <p className="nhsuk-body">
          The roster could not be loaded: {state.error.detail || state.error.title}
        </p>
      )}
      {state.status === 'ok' && <RosterBody roster={state.data} link={link} file={file} />}
      {access.write && (
        <p className="nhsuk-body">
          <Link href="/people/new">Add a person</Link>, then give them a membership of {name} from their page.
        </p>
      )}
    </section>
  );
}

function RosterBody({
  roster,
  link,
  file,
}: {
  roster: Roster;
  link: (path: string) => string;
  file: (what: string, day: string) => string;
}) {
  const { makeup, as_at: day, network } = roster;
  const members = sortMembers(roster.members);
  return (
    <>
      <p className="nhsuk-body" data-testid="roster-summary">
        {makeupSentence(makeup)} As at {formatDate(day)}.
      </p>

      <h3>Make-up</h3>
      <SummaryList
        rows={[
          {
            key: 'Managed-network triad',
            value: (
              <>
                {makeup.triad.complete ? (
                  <Tag colour="green">Complete</Tag>
                ) : (
                  <Tag colour="red">Incomplete</Tag>
                )}{' '}
                {triadSummary(makeup.triad)}
              </>
            ),
          },
          {
            key: 'Patient involvement',
            value: (
              <>
                {makeup.patient_involvement.present ? (
                  <Tag colour="green">Yes</Tag>
                ) : (
                  <Tag colour="red">No</Tag>
                )}{' '}
                {patientInvolvementText(makeup.patient_involvement)}
              </>
            ),
          },
          { key: 'Voting members', value: makeup.voting.toLocaleString('en-GB') },
          {
            key: 'Declarations of interest',
            value: countOf(makeup.declarations, 'declaration'),
          },
        ]}
      />

      <DataTable<TriadRow>
        caption="The managed-network triad"
        captionSize="s"
        rows={triadRows(makeup.triad)}
        rowKey={(r) => r.key}
        filename={file('triad', day)}
        columns={[
          { header: 'Post', cell: (r) => r.label, csv: (r) => r.label },
          {
            header: 'Held by',
            cell: (r) =>
              r.person ? (
                <Link href={personHref(r.person.id)}>{r.person.name}</Link>
              ) : (
                <Tag colour="red">Missing</Tag>
              ),
            csv: (r) => r.person?.name ?? 'missing',
          },
          { header: 'Roster role', cell: (r) => roleLabel(r.role), csv: (r) => r.role },
        ]}
      />

      <DataTable<Membership>
        caption={`Members of ${network.name}`}
        captionSize="s"
        captionDetail={`(${members.length.toLocaleString('en-GB')})`}
        rows={members}
        rowKey={(m) => String(m.id)}
        filename={file('roster', day)}
        emptyText={`No members of ${network.name} are recorded on ${formatDate(day)}.`}
        columns={[
          { header: 'Member', cell: (m) => <MemberName m={m} link={link} />, csv: (m) => memberName(m) },
          {
            header: 'Profession',
            cell: (m) => (m.person ? professionsText(m.person.professions) : 'Organisation'),
            csv: (m) => (m.person ? professionsText(m.person.professions) : 'organisation'),
          },
          { header: 'Role', cell: (m) => roleLabel(m.role), csv: (m) => m.role },
          { header: 'Voting', cell: (m) => (m.voting ? 'Yes' : 'No'), csv: (m) => (m.voting ? 'yes' : 'no') },
          { header: 'Sector', cell: (m) => sectorLabel(m.sector), csv: (m) => m.sector },
          {
            header: 'Representing',
            cell: (m) =>
              m.representing ? (
                <Link href={link(organisationHref(m.representing.code))}>{m.representing.name}</Link>
              ) : (
                ''
              ),
            csv: (m) => m.representing?.name,
          },
          { header: 'From', cell: (m) => formatDate(m.valid_from), csv: (m) => m.valid_from },
          { header: 'To', cell: (m) => formatDate(m.valid_to), csv: (m) => m.valid_to },
          {
            header: 'Declarations',
            cell: (m) => m.declarations.length.toLocaleString('en-GB'),
            csv: (m) => m.declarations.length,
            numeric: true,
          },
          {
            header: 'Last verified',
            cell: (m) => <Verified on={m.last_verified_on} stale={m.stale} />,
            csv: (m) => m.last_verified_on,
          },
        ]}
        extraCsv={[
          { header: 'Person id', value: (m) => m.person?.id },
          { header: 'Organisation code', value: (m) => m.organisation?.code },
          { header: 'Representing code', value: (m) => m.representing?.code },
          { header: 'Stale', value: (m) => (m.stale ? 'yes' : 'no') },
          { header: 'Source', value: (m) => m.source },
        ]}
      />

      <CountTable
        caption="Members by profession"
        heading="Profession"
        rows={countRows(makeup.by_profession, professionLabels)}
        filename={file('by-profession', day)}
        emptyText="No professions are recorded for the members."
      />
      <CountTable
        caption="Members by sector"
        heading="Sector"
        rows={countRows(makeup.by_sector, sectorLabels)}
        filename={file('by-sector', day)}
        emptyText="No sectors are recorded for the members."
      />
      <CountTable
        caption="Members by role"
        heading="Role"
        rows={countRows(makeup.by_role, roleLabels)}
        filename={file('by-role', day)}
        emptyText="No roles are recorded."
      />
      <DataTable<Represented>
        caption="Organisations represented"
        captionSize="s"
        captionDetail={`(${makeup.represented.length.toLocaleString('en-GB')})`}
        rows={makeup.represented}
        rowKey={(o) => o.code}
        filename={file('organisations-represented', day)}
        emptyText="No member is recorded as representing an organisation."
        columns={[
          {
            header: 'Organisation',
            cell: (o) => <Link href={link(organisationHref(o.code))}>{o.name}</Link>,
            csv: (o) => o.name,
          },
          { header: 'ODS code', cell: (o) => o.code, csv: (o) => o.code },
          {
            header: 'Kind',
            cell: (o) => ORGANISATION_KIND_LABELS[o.kind as OrganisationKind] ?? o.kind,
            csv: (o) => o.kind,
          },
          {
            header: 'Members',
            cell: (o) => o.members.toLocaleString('en-GB'),
            csv: (o) => o.members,
            numeric: true,
          },
        ]}
      />
    </>
  );
}
