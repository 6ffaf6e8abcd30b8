import { type FormEvent, useEffect, useState } from 'react';
import type { LawfulBasis, Profession } from '../../core/people.ts';
import type { CreatePerson, Person } from '../../shared/people-schemas.ts';
import {
  FormColumn,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  titleWithErrors,
} from '../auth/forms.tsx';
import { hasRole, useSession } from '../auth/session.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { ApiError, apiUrl, send } from '../lib/api.ts';
import { navigate } from '../lib/router.ts';
import { personHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { Checkbox, CheckboxesField, conflictOr, DateField, dateProblems, isConflict } from './fields.tsx';
import { LAWFUL_BASIS_OPTIONS, orNull, PROFESSION_OPTIONS, text } from './labels.ts';

/** The person form's values, as the inputs hold them. */
interface Values {
  honorific: string;
  given_name: string;
  family_name: string;
  postnominals: string;
  professions: string[];
  specialty: string;
  email: string;
  phone: string;
  work_address: string;
  do_not_contact: boolean;
  engaged: boolean;
  source: string;
  lawful_basis: string;
  last_verified_on: string;
  notes: string;
}

const EMPTY: Values = {
  honorific: '',
  given_name: '',
  family_name: '',
  postnominals: '',
  professions: [],
  specialty: '',
  email: '',
  phone: '',
  work_address: '',
  do_not_contact: false,
  engaged: false,
  source: '',
  lawful_basis: 'legitimate_interests',
  last_verified_on: '',
  notes: '',
};

/** The API's field names → [input id, label], so the API's field errors show against their inputs. */
const FIELDS: Record<string, [string, string]> = {
  honorific: ['person-honorific', 'Title'],
  given_name: ['person-given-name', 'Given name'],
  family_name: ['person-family-name', 'Family name'],
  postnominals: ['person-postnominals', 'Post-nominal letters'],
  professions: ['person-professions', 'Professions'],
  specialty: ['person-specialty', 'Specialty'],
  email: ['person-email', 'Work email address'],
  phone: ['person-phone', 'Work phone number'],
  work_address: ['person-work-address', 'Work address'],
  do_not_contact: ['person-do-not-contact', 'Do not contact'],
  engaged: ['person-engaged', 'Our team engages with this person'],
  source: ['person-source', 'Source'],
  lawful_basis: ['person-lawful-basis', 'Lawful basis'],
  last_verified_on: ['person-last-verified-on', 'Last verified'],
  notes: ['person-notes', 'Notes'],
};
const idOf = (field: keyof Values): string => FIELDS[field]?.[0] ?? field;

function valuesOf(p: Person): Values {
  return {
    honorific: text(p.honorific),
    given_name: p.given_name,
    family_name: p.family_name,
    postnominals: text(p.postnominals),
    professions: [...p.professions],
    specialty: text(p.specialty),
    email: text(p.email),
    phone: text(p.phone),
    work_address: text(p.work_address),
    do_not_contact: p.do_not_contact,
    engaged: p.engaged,
    source: p.source,
    lawful_basis: p.lawful_basis,
    last_verified_on: text(p.last_verified_on),
    notes: text(p.notes),
  };
}

/** The body the API takes: empty optional fields as null. */
function bodyOf(v: Values): CreatePerson {
  return {
    honorific: orNull(v.honorific),
    given_name: v.given_name.trim(),
    family_name: v.family_name.trim(),
    postnominals: orNull(v.postnominals),
    professions: v.professions as Profession[],
    specialty: orNull(v.specialty),
    email: orNull(v.email),
    phone: orNull(v.phone),
    work_address: orNull(v.work_address),
    do_not_contact: v.do_not_contact,
    engaged: v.engaged,
    source: v.source.trim(),
    lawful_basis: v.lawful_basis as LawfulBasis,
    last_verified_on: orNull(v.last_verified_on),
    notes: orNull(v.notes),
  };
}

/** The form's own checks, before anything is sent. */
function problemsOf(v: Values) {
  const found = [];
  if (!v.given_name.trim()) found.push({ id: idOf('given_name'), message: 'Enter their given name' });
  if (!v.family_name.trim()) found.push({ id: idOf('family_name'), message: 'Enter their family name' });
  if (v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim()))
    found.push({
      id: idOf('email'),
      message: 'Enter a work email address in the right format, like name@example.nhs.uk',
    });
  if (!v.source.trim())
    found.push({
      id: idOf('source'),
      message: 'Enter where the details come from, for example a published board paper',
    });
  found.push(
    ...dateProblems([{ id: idOf('last_verified_on'), label: 'Last verified', value: v.last_verified_on }]),
  );
  return found;
}

/** The fields of a person, shared by the create and edit pages. */
function PersonFields({
  values,
  set,
  errorFor,
}: {
  values: Values;
  set: <K extends keyof Values>(key: K, value: Values[K]) => void;
  errorFor: (id: string) => string | undefined;
}) {
  const field = (key: keyof Values) => ({
    id: idOf(key),
    error: errorFor(idOf(key)),
    value: values[key] as string,
    onChange: (v: string) => set(key, v as never),
  });
  return (
    <>
      <h2 className="nhsuk-heading-m">Name</h2>
      <TextField {...field('honorific')} label="Title (optional)" hint="For example, Dr or Prof" width={10} />
      <TextField {...field('given_name')} label="Given name" width={20} autoComplete="off" />
      <TextField {...field('family_name')} label="Family name" width={20} autoComplete="off" />
      <TextField
        {...field('postnominals')}
        label="Post-nominal letters (optional)"
        hint="For example, FRCP"
        width={20}
      />

      <h2 className="nhsuk-heading-m">Work</h2>
      <CheckboxesField
        id={idOf('professions')}
        legend="Professions"
        hint="Select all that apply."
        error={errorFor(idOf('professions'))}
        options={PROFESSION_OPTIONS}
        value={values.professions}
        onChange={(v) => set('professions', v)}
      />
      <TextField
        {...field('specialty')}
        label="Specialty (optional)"
        hint="For example, haematology or respiratory"
        width={30}
      />

      <h2 className="nhsuk-heading-m">Work contact details</h2>
      <TextField {...field('email')} label="Work email address (optional)" type="email" width={30} />
      <TextField {...field('phone')} label="Work phone number (optional)" type="tel" width={20} />
      <TextareaField {...field('work_address')} label="Work address (optional)" rows={3} />
      <Checkbox
        id={idOf('do_not_contact')}
        label="Do not contact"
        hint="They have asked not to be contacted. Exports leave out their contact details."
        checked={values.do_not_contact}
        onChange={(v) => set('do_not_contact', v)}
      />
      <Checkbox
        id={idOf('engaged')}
        label="Our team engages with this person"
        hint="Someone in this workspace already works with them. Introduction paths start from the people you engage, and persona coverage counts them."
        checked={values.engaged}
        onChange={(v) => set('engaged', v)}
      />

      <h2 className="nhsuk-heading-m">Where the details come from</h2>
      <TextField
        {...field('source')}
        label="Source"
        hint="Where these details were found, for example the ICB board papers of March 2026"
        width={30}
      />
      <SelectField
        {...field('lawful_basis')}
        label="Lawful basis for holding them"
        options={LAWFUL_BASIS_OPTIONS}
      />
      <DateField
        {...field('last_verified_on')}
        label="Last verified (optional)"
        hint="The day someone last checked these details were still right"
      />
      <TextareaField {...field('notes')} label="Notes (optional)" rows={4} />
    </>
  );
}

/** Editors only: what a viewer (or someone signed out) sees instead of a form. */
function useEditorGate(heading: string) {
  const session = useSession();
  if (session.status === 'loading') return <Loading what="Loading" />;
  if (session.status === 'error') return <ProblemPage error={session.error} heading={heading} />;
  const me = session.status === 'signed_in' ? session.me : null;
  if (!me || !hasRole(me, 'editor')) {
    const error = me
      ? new ApiError(
          403,
          'forbidden',
          'Forbidden',
          'Only editors, admins and owners of a workspace can change its people.',
        )
      : new ApiError(401, 'unauthenticated', 'Sign in to continue', 'You need to sign in to see this.');
    return <ProblemPage error={error} heading={heading} />;
  }
  return null;
}

/** /people/new — add a person to the workspace. */
export function PersonNewPage() {
  const [values, setValues] = useState<Values>(EMPTY);
  const form = useFormSubmit(FIELDS);
  useDocumentTitle(titleWithErrors('Add a person', form.problems));
  const gate = useEditorGate('Add a person');
  if (gate) return gate;

  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(problemsOf(values), async () => {
      const created = await send<Person>('POST', '/people', bodyOf(values));
      navigate(personHref(created.id));
    });
  };

  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/people', text: 'People' },
        ]}
      />
      <FormColumn problems={form.problems}>
        <h1>Add a person</h1>
        <p>
          Record someone’s work details only: people are private to your workspace, and every change is kept
          in the audit log.
        </p>
        <form onSubmit={submit} noValidate>
          <PersonFields values={values} set={set} errorFor={form.errorFor} />
          <SubmitButton busy={form.busy}>Add person</SubmitButton>
        </form>
      </FormColumn>
    </>
  );
}

/** /people/:id/edit — change a person's details; a stale edit (409) says so and offers to reload. */
export function PersonEditPage({ id }: { id: number }) {
  const state = useResource<Person>(apiUrl(`/people/${id}`));
  const [values, setValues] = useState<Values | null>(null);
  const [conflict, setConflict] = useState(false);
  const form = useFormSubmit(FIELDS);
  const person = state.data;
  const name = person?.name ?? `person ${id}`;
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error, 'Person not found')
      : titleWithErrors(`Change ${name}`, form.problems),
  );
  useEffect(() => {
    if (person) setValues(valuesOf(person));
  }, [person]);
  const gate = useEditorGate('Change a person');
  if (gate) return gate;

  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading="Change a person"
        notFound={{ heading: 'Person not found', detail: `There is no person ${id} in your workspace.` }}
      />
    );
  }
  if (!person || !values) return <Loading what="Loading the person" />;

  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => (v ? { ...v, [key]: value } : v));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setConflict(false);
    void form.submit(
      problemsOf(values),
      async () => {
        await send('PATCH', `/people/${id}`, { ...bodyOf(values), version: person.version });
        navigate(personHref(id));
      },
      (error, fromApi) => {
        if (isConflict(error)) setConflict(true);
        return conflictOr('person')(error, fromApi);
      },
    );
  };
  const reload = () => {
    setConflict(false);
    form.setProblems([]);
    setValues(null);
    state.reload();
  };

  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/people', text: 'People' },
          { href: personHref(id), text: person.name },
        ]}
      />
      <FormColumn problems={form.problems}>
        {conflict && (
          <p>
            <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={reload}>
              Reload their details
            </button>
          </p>
        )}
        <span className="nhsuk-caption-l">Change a person</span>
        <h1>{person.name}</h1>
        <form onSubmit={submit} noValidate>
          <PersonFields values={values} set={set} errorFor={form.errorFor} />
          <div className="app-actions">
            <SubmitButton busy={form.busy}>Save changes</SubmitButton>
            <Link href={personHref(id)}>Cancel</Link>
          </div>
        </form>
      </FormColumn>
    </>
  );
}
