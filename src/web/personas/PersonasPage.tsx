import { useState } from 'react';
import type { Persona } from '../../shared/people-schemas.ts';
import { titleWithErrors } from '../auth/forms.tsx';
import { SuccessBanner } from '../auth/SuccessBanner.tsx';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { apiUrl, send } from '../lib/api.ts';
import { personaHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { levelLabel } from '../people/labels.ts';
import { usePeopleAccess } from './access.ts';
import { PERSONA_FIELDS, PersonaForm, personaFormProblems } from './PersonaForm.tsx';
import { decisionsText, groupPersonas, type PersonaDraft, personaBody } from './personas.ts';

const EMPTY: PersonaDraft = {
  name: '',
  level: '',
  summary: '',
  decisions: [],
  lookingFor: '',
  professions: [],
};

/** What a persona looks for, as a list (or a dash when nothing is recorded). */
export function LooksFor({ points }: { points: readonly string[] }) {
  if (points.length === 0) return <>Not recorded</>;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
      {points.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** One group of the catalogue as a downloadable table. */
function PersonaTable({ caption, items, filename }: { caption: string; items: Persona[]; filename: string }) {
  return (
    <DataTable<Persona>
      caption={caption}
      captionSize="s"
      captionDetail={`(${items.length})`}
      rows={items}
      rowKey={(p) => p.code}
      filename={filename}
      emptyText="None yet."
      columns={[
        {
          header: 'Persona',
          cell: (p) => <Link href={personaHref(p.code)}>{p.name}</Link>,
          csv: (p) => p.name,
        },
        { header: 'Level', cell: (p) => levelLabel(p.level), csv: (p) => p.level },
        {
          header: 'Decisions it influences',
          cell: (p) => decisionsText(p.decisions),
          csv: (p) => p.decisions.join('; '),
        },
        {
          header: 'What it looks for',
          cell: (p) => <LooksFor points={p.looks_for} />,
          csv: (p) => p.looks_for.join('; '),
        },
        {
          header: 'Posts held now',
          cell: (p) => p.posts.toLocaleString('en-GB'),
          csv: (p) => p.posts,
          numeric: true,
        },
      ]}
      extraCsv={[
        { header: 'Code', value: (p) => p.code },
        { header: 'Category', value: (p) => p.category },
        { header: 'Summary', value: (p) => p.summary },
        { header: 'Professions', value: (p) => p.professions.join('; ') },
      ]}
    />
  );
}

/**
 * /personas — the catalogue of decision-makers: source 001's key personas first, then base roles, then
 * the workspace's own; each with its level, the decisions it influences, what it looks for in a
 * proposal and how many posts hold it now. Editors may add a persona of their workspace's own.
 */
export function PersonasPage() {
  const access = usePeopleAccess();
  const state = useResource<{ items: Persona[] }>(apiUrl('/personas'));
  const [draft, setDraft] = useState<PersonaDraft>(EMPTY);
  const [added, setAdded] = useState<{ code: string; name: string } | null>(null);
  const form = useFormSubmit(PERSONA_FIELDS);
  useDocumentTitle(
    state.status === 'error' ? problemTitle(state.error) : titleWithErrors('Personas', form.problems),
  );

  if (state.status === 'error') return <ProblemPage error={state.error} heading="Personas" />;
  if (state.status === 'loading') return <Loading what="Loading the personas" />;

  const groups = groupPersonas(state.data.items);
  const add = () => {
    setAdded(null);
    void form.submit(personaFormProblems(draft), async () => {
      const created = await send<Persona>('POST', '/personas', personaBody(draft));
      setAdded({ code: created.code, name: created.name });
      setDraft(EMPTY);
      state.reload();
    });
  };

  return (
    <>
      {added && (
        <SuccessBanner titleId="persona-added-title" key={added.code}>
          <p className="nhsuk-notification-banner__heading">
            The persona <Link href={personaHref(added.code)}>{added.name}</Link> is added.
          </p>
        </SuccessBanner>
      )}
      <h1>Personas</h1>
      <p className="nhsuk-body-l">
        The decision-makers a proposal has to reach: the level each works at, the decisions it influences and
        what it looks for.
      </p>
      <nav aria-label="On this page">
        <ul className="nhsuk-list">
          {groups.map((g) => (
            <li key={g.category}>
              <a className="nhsuk-link" href={`#personas-${g.category}`}>
                {g.heading}
              </a>{' '}
              ({g.items.length})
            </li>
          ))}
          {access.write && (
            <li>
              <a className="nhsuk-link" href="#add-persona">
                Add a persona
              </a>
            </li>
          )}
        </ul>
      </nav>

      {groups.map((g) => (
        <section key={g.category} aria-labelledby={`personas-${g.category}`}>
          <h2 id={`personas-${g.category}`}>{g.heading}</h2>
          <p className="nhsuk-body">{g.intro}</p>
          {g.category === 'custom' && g.items.length === 0 ? (
            <p className="nhsuk-body">Your workspace has not added a persona of its own yet.</p>
          ) : (
            <PersonaTable caption={g.heading} items={g.items} filename={`personas-${g.category}`} />
          )}
        </section>
      ))}

      {access.write ? (
        <section aria-labelledby="add-persona" className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2 id="add-persona">Add a persona</h2>
            <p className="nhsuk-body">
              A persona of your workspace’s own: only its members will see it, and editors can change or
              delete it.
            </p>
            <PersonaForm
              draft={draft}
              onChange={setDraft}
              problems={form.problems}
              errorFor={form.errorFor}
              busy={form.busy}
              submitText="Add persona"
              onSubmit={add}
            />
          </div>
        </section>
      ) : (
        access.known &&
        access.me && <p className="app-count-note">Your role can read personas but not add them.</p>
      )}
    </>
  );
}
