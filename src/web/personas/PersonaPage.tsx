import { type ReactNode, useState } from 'react';
import type { z } from 'zod';
import { PROFESSION_LABELS, type Profession } from '../../core/people.ts';
import type { Persona, PersonList, PersonSummary } from '../../shared/people-schemas.ts';
import { FormErrorSummary, type FormProblem, titleWithErrors } from '../auth/forms.tsx';
import { SuccessBanner } from '../auth/SuccessBanner.tsx';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { Tag } from '../components/Tag.tsx';
import { ApiError, apiUrl, send } from '../lib/api.ts';
import { countOf, formatDate, listOf } from '../lib/format.ts';
import { navigate } from '../lib/router.ts';
import { networkHref, organisationHref, personHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { levelLabel } from '../people/labels.ts';
import { Verified } from '../people/records.tsx';
import { usePeopleAccess } from './access.ts';
import { PERSONA_FIELDS, PersonaForm, personaFormProblems } from './PersonaForm.tsx';
import { LooksFor } from './PersonasPage.tsx';
import { decisionsText, draftOf, type PersonaDraft, personaBody } from './personas.ts';

type People = z.infer<typeof PersonList>;
type HeldPost = PersonSummary['current_posts'][number];

const CATEGORY_CAPTIONS: Record<string, string> = {
  key: 'Key persona',
  base: 'Base role',
  custom: 'Your workspace’s persona',
};

/** The posts of a person that carry persona `code`: what makes them "hold" it. */
export function postsWithPersona(person: Pick<PersonSummary, 'current_posts'>, code: string): HeldPost[] {
  return person.current_posts.filter((p) => p.persona?.code === code);
}

/** Where a post is held: the organisation's or network's name, linked. */
function Where({ post }: { post: HeldPost }): ReactNode {
  if (post.organisation)
    return <Link href={organisationHref(post.organisation.code)}>{post.organisation.name}</Link>;
  if (post.network) return <Link href={networkHref(post.network.code)}>{post.network.name}</Link>;
  return null;
}

type Mode = 'view' | 'edit' | 'delete';

/**
 * /personas/:code — one persona in full and the people who hold it now; editors may change or delete
 * it when it is the workspace's own.
 */
export function PersonaPage({ code }: { code: string }) {
  const access = usePeopleAccess();
  const state = useResource<Persona>(apiUrl(`/personas/${encodeURIComponent(code)}`));
  const people = useResource<People>(apiUrl('/people', { persona: code, limit: 500 }));
  const [mode, setMode] = useState<Mode>('view');
  const [draft, setDraft] = useState<PersonaDraft | null>(null);
  const [saved, setSaved] = useState(0);
  const [conflict, setConflict] = useState(false);
  const form = useFormSubmit(PERSONA_FIELDS);
  const persona = state.data;
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error, 'Persona not found')
      : persona
        ? titleWithErrors(persona.name, form.problems)
        : 'Loading persona',
  );

  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading={`Persona ${code}`}
        notFound={{ heading: 'Persona not found', detail: `There is no persona with the code ${code}.` }}
      />
    );
  }
  if (!persona) return <Loading what="Loading the persona" />;

  const editable = persona.custom && access.write;

  /** A stale version (409) says so and offers the current one; other problems are the API's. */
  const stale = (error: unknown, fromApi: FormProblem[]): FormProblem[] => {
    if (!(error instanceof ApiError && error.status === 409)) return fromApi;
    setConflict(true);
    return [
      {
        id: null,
        message: 'Someone else changed this persona since you opened it: reload it to see their version.',
      },
    ];
  };

  const save = () => {
    if (!draft) return;
    void form.submit(
      personaFormProblems(draft),
      async () => {
        await send('PATCH', `/personas/${encodeURIComponent(code)}`, {
          ...personaBody(draft),
          version: persona.version,
        });
        setMode('view');
        setSaved((n) => n + 1);
        state.reload();
      },
      stale,
    );
  };

  const remove = () =>
    void form.submit(
      [],
      async () => {
        await send('DELETE', `/personas/${encodeURIComponent(code)}`);
        navigate('/personas');
      },
      (error, fromApi) => {
        setMode('view');
        return stale(error, fromApi);
      },
    );

  const holders = people.data?.items ?? [];

  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/personas', text: 'Personas' },
        ]}
      />
      {saved > 0 && mode === 'view' && (
        <SuccessBanner titleId="persona-saved-title" key={saved}>
          <p className="nhsuk-notification-banner__heading">The persona is saved.</p>
        </SuccessBanner>
      )}
      <span className="nhsuk-caption-l">{CATEGORY_CAPTIONS[persona.category] ?? persona.category}</span>
      <h1>{persona.name}</h1>

      {mode === 'edit' && draft ? (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2>Change the persona</h2>
            <PersonaForm
              draft={draft}
              onChange={setDraft}
              problems={form.problems}
              errorFor={form.errorFor}
              busy={form.busy}
              submitText="Save persona"
              onSubmit={save}
            >
              <button
                className="nhsuk-button nhsuk-button--secondary"
                type="button"
                onClick={() => {
                  form.setProblems([]);
                  setMode('view');
                }}
              >
                Cancel
              </button>
            </PersonaForm>
            {conflict && (
              <p>
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  onClick={() => {
                    setConflict(false);
                    form.setProblems([]);
                    setMode('view');
                    state.reload();
                  }}
                >
                  Reload the persona
                </button>
              </p>
            )}
          </div>
        </div>
      ) : (
        <>
          <FormErrorSummary problems={form.problems} />
          {persona.summary && <p className="nhsuk-body-l">{persona.summary}</p>}
          <dl className="nhsuk-summary-list">
            <Row term="Level">{levelLabel(persona.level)}</Row>
            <Row term="Decisions it influences">{decisionsText(persona.decisions)}</Row>
            <Row term="What it looks for in a proposal">
              <LooksFor points={persona.looks_for} />
            </Row>
            <Row term="Professions that usually hold it">
              {persona.professions.length
                ? listOf(persona.professions.map((p) => PROFESSION_LABELS[p as Profession] ?? p))
                : 'Any'}
            </Row>
            <Row term="Posts held now">{countOf(persona.posts, 'post')}</Row>
            <Row term="Code">
              <code>{persona.code}</code>
            </Row>
            <Row term="Where it comes from">
              {persona.custom ? (
                <>
                  <Tag colour="blue">Your workspace</Tag> added by a member of your workspace
                </>
              ) : (
                'The Atlas’s national catalogue'
              )}
            </Row>
          </dl>
          {editable && mode === 'view' && (
            <div className="nhsuk-button-group">
              <button
                className="nhsuk-button nhsuk-button--secondary"
                type="button"
                onClick={() => {
                  form.setProblems([]);
                  setConflict(false);
                  setDraft(draftOf(persona));
                  setMode('edit');
                }}
              >
                Change<span className="nhsuk-u-visually-hidden"> the persona</span>
              </button>
              <button
                className="nhsuk-button nhsuk-button--warning"
                type="button"
                onClick={() => setMode('delete')}
              >
                Delete<span className="nhsuk-u-visually-hidden"> the persona</span>
              </button>
            </div>
          )}
          {editable && mode === 'delete' && (
            <div className="nhsuk-warning-callout">
              <h2 className="nhsuk-warning-callout__label">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                Delete {persona.name}?
              </h2>
              <p>
                It will be gone for everyone in your workspace.{' '}
                {persona.posts > 0
                  ? `The ${countOf(persona.posts, 'post')} that carry it will keep their titles but lose the persona.`
                  : 'No post carries it now.'}
              </p>
              <div className="nhsuk-button-group">
                <button
                  className="nhsuk-button nhsuk-button--warning"
                  type="button"
                  disabled={form.busy}
                  aria-disabled={form.busy}
                  onClick={remove}
                >
                  Yes, delete the persona
                </button>
                <button
                  className="nhsuk-button nhsuk-button--secondary"
                  type="button"
                  onClick={() => setMode('view')}
                >
                  Cancel
                </button>
              </div>
            </div>
          )}
          {conflict && (
            <p>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                onClick={() => {
                  setConflict(false);
                  form.setProblems([]);
                  state.reload();
                }}
              >
                Reload the persona
              </button>
            </p>
          )}
        </>
      )}

      <h2>People who hold it now</h2>
      {people.status === 'loading' && <Loading what="Loading the people" />}
      {people.status === 'error' && (
        <p className="nhsuk-body">
          The people could not be loaded: {people.error.detail || people.error.title}
        </p>
      )}
      {people.status === 'ok' && (
        <DataTable<PersonSummary>
          caption={`People holding ${persona.name}`}
          captionSize="s"
          captionDetail={
            people.data.total > holders.length
              ? `(showing ${holders.length.toLocaleString('en-GB')} of ${people.data.total.toLocaleString('en-GB')} on ${formatDate(people.data.as_at)})`
              : `(${people.data.total.toLocaleString('en-GB')} on ${formatDate(people.data.as_at)})`
          }
          rows={holders}
          rowKey={(p) => String(p.id)}
          filename={`persona-${persona.code}-people-${people.data.as_at}`}
          emptyText={`No one in your workspace holds a post as ${persona.name} now.`}
          columns={[
            {
              header: 'Person',
              cell: (p) => <Link href={personHref(p.id)}>{p.name}</Link>,
              csv: (p) => p.name,
            },
            {
              header: 'Post',
              cell: (p) =>
                postsWithPersona(p, persona.code)
                  .map((post) => post.title)
                  .join('; '),
              csv: (p) =>
                postsWithPersona(p, persona.code)
                  .map((post) => post.title)
                  .join('; '),
            },
            {
              header: 'Where',
              cell: (p) => (
                <>
                  {postsWithPersona(p, persona.code).map((post, i) => (
                    <span key={post.id}>
                      {i > 0 && '; '}
                      <Where post={post} />
                    </span>
                  ))}
                </>
              ),
              csv: (p) =>
                postsWithPersona(p, persona.code)
                  .map((post) => post.organisation?.name ?? post.network?.name ?? '')
                  .join('; '),
            },
            {
              header: 'Last verified',
              cell: (p) => <Verified on={p.last_verified_on} stale={p.stale} />,
              csv: (p) => p.last_verified_on,
            },
          ]}
          extraCsv={[
            { header: 'Person id', value: (p) => p.id },
            {
              header: 'Organisation or network code',
              value: (p) =>
                postsWithPersona(p, persona.code)
                  .map((post) => post.organisation?.code ?? post.network?.code ?? '')
                  .join('; '),
            },
            { header: 'Do not contact', value: (p) => (p.do_not_contact ? 'yes' : 'no') },
          ]}
        />
      )}
    </>
  );
}

/** One row of a summary list. */
function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{term}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}
