import type { Membership, Post, Relationship, SubjectAccess } from '../../shared/people-schemas.ts';
import { formatDateTime } from '../auth/time.ts';
import { useResource } from '../auth/useResource.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { apiUrl } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { personHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import {
  confidenceLabel,
  declarationKindLabel,
  kindLabel,
  lawfulBasisLabel,
  levelLabel,
  periodText,
  professionsText,
  roleLabel,
  sectorLabel,
} from './labels.ts';

type History = SubjectAccess['history'][number];

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');
const dated = (d: string | null): string => (d ? formatDate(d) : 'Never');

/** /people/:id/subject-access — everything the workspace holds about a person, readable and as JSON. */
export function SubjectAccessPage({ id }: { id: number }) {
  const state = useResource<SubjectAccess>(apiUrl(`/people/${id}/subject-access`));
  const data = state.data;
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error, 'Person not found')
      : data
        ? `Subject access export: ${data.person.name}`
        : 'Loading the subject access export',
  );
  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading="Subject access export"
        notFound={{ heading: 'Person not found', detail: `There is no person ${id} in your workspace.` }}
      />
    );
  }
  if (!data) return <Loading what="Gathering everything held about the person" />;
  const p = data.person;
  const file = `subject-access-${id}`;
  const tables = Object.entries(data.tables).map(([table, rows]) => ({ table, rows }));

  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/people', text: 'People' },
          { href: personHref(id), text: p.name },
        ]}
      />
      <span className="nhsuk-caption-l">Subject access export</span>
      <h1>{p.name}</h1>
      <p>
        Everything {data.workspace.name} holds about {p.name}, gathered {formatDateTime(data.generated_at)}.
        Give them the JSON file, or this page printed, to answer a subject access request.
      </p>
      <p>
        <a
          className="nhsuk-button"
          href={apiUrl(`/people/${id}/subject-access`, { download: 1 })}
          download={`${file}.json`}
        >
          Download JSON
        </a>
      </p>

      <h2>Their details</h2>
      <SummaryList
        rows={[
          { key: 'Id', value: String(p.id) },
          { key: 'Title', value: p.honorific },
          { key: 'Given name', value: p.given_name },
          { key: 'Family name', value: p.family_name },
          { key: 'Post-nominal letters', value: p.postnominals },
          { key: 'Professions', value: professionsText(p.professions) || 'None recorded' },
          { key: 'Specialty', value: p.specialty },
          { key: 'Work email', value: p.email },
          { key: 'Work phone', value: p.phone },
          { key: 'Work address', value: p.work_address },
          { key: 'Do not contact', value: yesNo(p.do_not_contact) },
          { key: 'Source', value: p.source },
          { key: 'Lawful basis', value: lawfulBasisLabel(p.lawful_basis) },
          { key: 'Last verified', value: dated(p.last_verified_on) },
          { key: 'Notes', value: p.notes },
          { key: 'Added', value: formatDateTime(p.created_at) },
          { key: 'Last changed', value: formatDateTime(p.updated_at) },
        ]}
      />

      <h2>How their data is used</h2>
      <SummaryList
        rows={[
          { key: 'Lawful basis', value: lawfulBasisLabel(data.processing.lawful_basis) },
          { key: 'Where it came from', value: data.processing.source },
          { key: 'Purposes', value: data.processing.purposes },
          { key: 'How long it is kept', value: data.processing.retention },
          { key: 'Their rights', value: data.processing.rights },
        ]}
      />

      <h2>Posts</h2>
      <DataTable<Post>
        caption="Posts held"
        captionSize="s"
        rows={data.posts}
        rowKey={(x) => String(x.id)}
        filename={`${file}-posts`}
        emptyText="No posts."
        columns={[
          { header: 'Job title', cell: (x) => x.title, csv: (x) => x.title },
          {
            header: 'At',
            cell: (x) => x.organisation?.name ?? x.network?.name ?? '',
            csv: (x) => x.organisation?.name ?? x.network?.name,
          },
          { header: 'Persona', cell: (x) => x.persona?.name ?? '', csv: (x) => x.persona?.name },
          { header: 'Level', cell: (x) => levelLabel(x.level), csv: (x) => x.level },
          { header: 'Dates', cell: (x) => periodText(x), csv: (x) => periodText(x) },
          { header: 'Source', cell: (x) => x.source ?? '', csv: (x) => x.source },
          { header: 'Last verified', cell: (x) => dated(x.last_verified_on), csv: (x) => x.last_verified_on },
        ]}
      />

      <h2>Network memberships</h2>
      <DataTable<Membership>
        caption="Memberships"
        captionSize="s"
        rows={data.memberships}
        rowKey={(x) => String(x.id)}
        filename={`${file}-memberships`}
        emptyText="No network memberships."
        columns={[
          { header: 'Network', cell: (x) => x.network.name, csv: (x) => x.network.name },
          { header: 'Role', cell: (x) => roleLabel(x.role), csv: (x) => x.role },
          { header: 'Voting', cell: (x) => yesNo(x.voting), csv: (x) => yesNo(x.voting) },
          { header: 'Sector', cell: (x) => sectorLabel(x.sector), csv: (x) => x.sector },
          {
            header: 'Representing',
            cell: (x) => x.representing?.name ?? '',
            csv: (x) => x.representing?.name,
          },
          {
            header: 'Declarations of interest',
            cell: (x) =>
              x.declarations
                .map(
                  (d) => `${declarationKindLabel(d.kind)} (${formatDate(d.declared_on)}): ${d.description}`,
                )
                .join('; ') || 'None',
            csv: (x) => x.declarations.map((d) => `${d.kind} ${d.declared_on}: ${d.description}`).join('; '),
          },
          { header: 'Dates', cell: (x) => periodText(x), csv: (x) => periodText(x) },
          { header: 'Source', cell: (x) => x.source ?? '', csv: (x) => x.source },
        ]}
      />

      <h2>Relationships</h2>
      <RelationshipTable
        caption={`From ${p.name}`}
        rows={data.relationships_out}
        end="to"
        file={`${file}-ties-out`}
      />
      <RelationshipTable
        caption={`To ${p.name}`}
        rows={data.relationships_in}
        end="from"
        file={`${file}-ties-in`}
      />

      <h2>History of changes</h2>
      <p>The audit log records which fields changed and who changed them, never the values.</p>
      <DataTable<History>
        caption="Changes"
        captionSize="s"
        rows={data.history}
        rowKey={(h) => `${h.at}:${h.action}:${h.target_type}:${h.target_id}`}
        filename={`${file}-history`}
        emptyText="No changes recorded."
        columns={[
          { header: 'When', cell: (h) => formatDateTime(h.at), csv: (h) => h.at },
          { header: 'What', cell: (h) => h.action, csv: (h) => h.action },
          {
            header: 'Record',
            cell: (h) => [h.target_type, h.target_id].filter(Boolean).join(' '),
            csv: (h) => [h.target_type, h.target_id].filter(Boolean).join(' '),
          },
          { header: 'Fields', cell: (h) => h.fields.join(', '), csv: (h) => h.fields.join(' ') },
          { header: 'By', cell: (h) => h.actor_email ?? '', csv: (h) => h.actor_email },
        ]}
      />

      <h2>Where the export looked</h2>
      <DataTable<{ table: string; rows: number }>
        caption="Tables read, with the rows each gave"
        captionSize="s"
        rows={tables}
        rowKey={(t) => t.table}
        filename={`${file}-tables`}
        columns={[
          { header: 'Table', cell: (t) => t.table, csv: (t) => t.table },
          { header: 'Rows', cell: (t) => t.rows.toLocaleString('en-GB'), csv: (t) => t.rows, numeric: true },
        ]}
      />
    </>
  );
}

/** One direction of a person's ties. */
function RelationshipTable({
  caption,
  rows,
  end,
  file,
}: {
  caption: string;
  rows: readonly Relationship[];
  end: 'to' | 'from';
  file: string;
}) {
  return (
    <DataTable<Relationship>
      caption={caption}
      captionSize="s"
      rows={rows}
      rowKey={(x) => String(x.id)}
      filename={file}
      emptyText="None."
      columns={[
        {
          header: end === 'to' ? 'To' : 'From',
          cell: (x) => (end === 'to' ? x.to.name : x.from.name),
          csv: (x) => (end === 'to' ? x.to.name : x.from.name),
        },
        { header: 'Kind', cell: (x) => kindLabel(x.kind), csv: (x) => x.kind },
        { header: 'Strength', cell: (x) => `${x.strength} of 5`, csv: (x) => x.strength },
        { header: 'How sure', cell: (x) => confidenceLabel(x.confidence), csv: (x) => x.confidence },
        { header: 'Evidence', cell: (x) => x.evidence ?? '', csv: (x) => x.evidence },
        { header: 'Dates', cell: (x) => periodText(x), csv: (x) => periodText(x) },
        { header: 'Source', cell: (x) => x.source ?? '', csv: (x) => x.source },
      ]}
    />
  );
}
