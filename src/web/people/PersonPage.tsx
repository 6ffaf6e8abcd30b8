import { type FormEvent, useState } from 'react';
import type { EraseResult, PersonDetail } from '../../shared/people-schemas.ts';
import { FormErrorSummary, SubmitButton, TextField } from '../auth/forms.tsx';
import { SuccessBanner } from '../auth/SuccessBanner.tsx';
import { hasRole, useMe } from '../auth/session.ts';
import { formatDateTime } from '../auth/time.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { Tag } from '../components/Tag.tsx';
import { apiUrl, send } from '../lib/api.ts';
import { personEditHref, subjectAccessHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { WhyInfluential } from '../stakeholders/WhyInfluential.tsx';
import { conflictOr, isConflict } from './fields.tsx';
import { lawfulBasisLabel, professionsText } from './labels.ts';
import { MembershipsSection } from './MembershipsSection.tsx';
import { PostsSection } from './PostsSection.tsx';
import { RelationshipsSection } from './RelationshipsSection.tsx';
import { Panel, StaleTag, Verified } from './records.tsx';

/** A person's work contact details, as lines. */
function Contact({ person }: { person: PersonDetail }) {
  const lines = [person.email, person.phone, person.work_address].filter((x): x is string => Boolean(x));
  if (lines.length === 0) return <p className="nhsuk-body">No work contact details recorded.</p>;
  return (
    <SummaryList
      rows={[
        {
          key: 'Work email',
          value: person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : null,
        },
        { key: 'Work phone', value: person.phone },
        { key: 'Work address', value: person.work_address },
      ]}
    />
  );
}

/** Contact details; behind a warning that must be opened on purpose when they asked not to be contacted. */
function ContactSection({ person }: { person: PersonDetail }) {
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">Work contact</h2>
      {person.do_not_contact ? (
        <>
          <div className="nhsuk-warning-callout" data-testid="do-not-contact">
            <h3 className="nhsuk-warning-callout__label">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Do not contact
            </h3>
            <p>
              {person.name} has asked not to be contacted. Their contact details are left out of every export.
            </p>
          </div>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">Show the contact details anyway</span>
            </summary>
            <div className="nhsuk-details__text">
              <Contact person={person} />
            </div>
          </details>
        </>
      ) : (
        <Contact person={person} />
      )}
    </section>
  );
}

/** Erasure: the person's id typed again, then everything about them removed; shows what went. */
function EraseSection({
  person,
  onErased,
}: {
  person: PersonDetail;
  onErased: (result: EraseResult) => void;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const form = useFormSubmit({ confirm: ['erase-confirm', 'Person id'] });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found =
      typed.trim() === String(person.id)
        ? []
        : [{ id: 'erase-confirm', message: `Type ${person.id}, the id of ${person.name}, to confirm` }];
    void form.submit(
      found,
      async () => {
        const result = await send<EraseResult>('POST', `/people/${person.id}/erase`, {
          confirm: Number(typed.trim()),
          version: person.version,
        });
        onErased(result);
      },
      conflictOr('person'),
    );
  };
  if (!open) {
    return (
      <button className="nhsuk-button nhsuk-button--warning" type="button" onClick={() => setOpen(true)}>
        Erase this person
      </button>
    );
  }
  return (
    <Panel heading={`Erase ${person.name}?`} problems={form.problems} warning>
      <p>
        Erasing removes {person.name} from your workspace everywhere: their details, posts, network
        memberships and relationships. It cannot be undone. A suppression entry is kept so that the same
        person is not imported again.
      </p>
      <p>Download their subject access export first if you need to answer a request with it.</p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="erase-confirm"
          label={`To confirm, type their id: ${person.id}`}
          width={10}
          inputMode="numeric"
          autoComplete="off"
          value={typed}
          onChange={setTyped}
          error={form.errorFor('erase-confirm')}
        />
        <div className="app-actions">
          <SubmitButton busy={form.busy} className="nhsuk-button nhsuk-button--warning">
            Erase {person.name}
          </SubmitButton>
          <button
            className="nhsuk-button nhsuk-button--secondary"
            type="button"
            onClick={() => setOpen(false)}
          >
            Cancel
          </button>
        </div>
      </form>
    </Panel>
  );
}

/** What an erasure removed, table by table. */
function Erased({ name, result }: { name: string; result: EraseResult }) {
  const rows = Object.entries(result.removed).map(([table, count]) => ({ table, count }));
  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/people', text: 'People' },
        ]}
      />
      <SuccessBanner titleId="erased-title">
        <p className="nhsuk-notification-banner__heading">{name} is erased.</p>
        <p>A suppression entry stops them being imported again.</p>
      </SuccessBanner>
      <h1>Erased</h1>
      <DataTable<{ table: string; count: number }>
        caption="What was removed"
        rows={rows}
        rowKey={(r) => r.table}
        filename="erasure"
        columns={[
          { header: 'Table', cell: (r) => r.table, csv: (r) => r.table },
          {
            header: 'Rows removed',
            cell: (r) => r.count.toLocaleString('en-GB'),
            csv: (r) => r.count,
            numeric: true,
          },
        ]}
      />
      {result.details && result.details.notes_mentioning > 0 && (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            {result.details.notes_mentioning} workspace notes may mention them by name. Notes are free text:
            review them by hand.
          </p>
        </div>
      )}
      <p>
        <Link href="/people">Back to people</Link>
      </p>
    </>
  );
}

/** /people/:id — one person: details, freshness, posts, memberships, relationships, and their data. */
export function PersonPage({ id }: { id: number }) {
  const state = useResource<PersonDetail>(apiUrl(`/people/${id}`));
  const me = useMe();
  const canWrite = hasRole(me, 'editor');
  const canErase = hasRole(me, 'admin');
  const verify = useFormSubmit();
  const [verified, setVerified] = useState(false);
  const [erased, setErased] = useState<{ name: string; result: EraseResult } | null>(null);
  const person = state.data;
  useDocumentTitle(
    erased
      ? `${erased.name} is erased`
      : state.status === 'error'
        ? problemTitle(state.error, 'Person not found')
        : person
          ? person.name
          : 'Loading person',
  );

  if (erased) return <Erased name={erased.name} result={erased.result} />;
  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading={`Person ${id}`}
        notFound={{ heading: 'Person not found', detail: `There is no person ${id} in your workspace.` }}
      />
    );
  }
  if (!person) return <Loading what="Loading the person" />;

  const markVerified = () => {
    setVerified(false);
    void verify.submit(
      [],
      async () => {
        await send('POST', `/people/${id}/verify`, { version: person.version });
        setVerified(true);
        state.reload();
      },
      (error, fromApi) => {
        if (isConflict(error)) state.reload();
        return conflictOr('person')(error, fromApi);
      },
    );
  };

  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/people', text: 'People' },
        ]}
      />
      <FormErrorSummary problems={verify.problems} />
      {verified && (
        <SuccessBanner key={person.last_verified_on} titleId="verified-title">
          <p className="nhsuk-notification-banner__heading">{person.name} is marked as verified today.</p>
        </SuccessBanner>
      )}
      <span className="nhsuk-caption-l">{professionsText(person.professions) || 'Person'}</span>
      <h1 className="app-heading-with-tags">
        {person.name}
        {(person.stale || person.do_not_contact || person.engaged) && (
          <>
            {' '}
            <span className="app-tags">
              <StaleTag stale={person.stale} />
              {person.engaged && <Tag colour="green">Engaged</Tag>}
              {person.do_not_contact && <Tag colour="red">Do not contact</Tag>}
            </span>
          </>
        )}
      </h1>
      {canWrite && (
        <div className="app-actions">
          <Link className="nhsuk-button nhsuk-button--secondary" href={personEditHref(id)}>
            Change details
          </Link>
          <button
            className="nhsuk-button nhsuk-button--secondary"
            type="button"
            onClick={markVerified}
            disabled={verify.busy}
            aria-disabled={verify.busy}
          >
            Mark as verified
          </button>
        </div>
      )}

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <SummaryList
          rows={[
            { key: 'Name', value: person.name },
            { key: 'Professions', value: professionsText(person.professions) || 'None recorded' },
            { key: 'Specialty', value: person.specialty },
            { key: 'Source', value: person.source },
            { key: 'Lawful basis', value: lawfulBasisLabel(person.lawful_basis) },
            {
              key: 'Last verified',
              value: (
                <span data-testid="last-verified">
                  <Verified on={person.last_verified_on} stale={person.stale} />
                </span>
              ),
            },
            { key: 'Notes', value: person.notes },
            { key: 'Added', value: formatDateTime(person.created_at) },
            { key: 'Last changed', value: formatDateTime(person.updated_at) },
            { key: 'Id', value: String(person.id) },
          ]}
        />
      </section>

      <ContactSection person={person} />
      <PostsSection person={person} canWrite={canWrite} onChanged={state.reload} />
      <MembershipsSection person={person} canWrite={canWrite} onChanged={state.reload} />
      <RelationshipsSection person={person} canWrite={canWrite} onChanged={state.reload} />
      <WhyInfluential personId={id} name={person.name} />

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">Their data</h2>
        <p>
          Everything your workspace holds about {person.name}, to answer a subject access request:{' '}
          <Link href={subjectAccessHref(id)}>Subject access export</Link>.
        </p>
        {canErase && (
          <EraseSection person={person} onErased={(result) => setErased({ name: person.name, result })} />
        )}
      </section>
    </>
  );
}
