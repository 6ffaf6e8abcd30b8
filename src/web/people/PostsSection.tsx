import { type FormEvent, useState } from 'react';
import type { Level } from '../../core/people.ts';
import type { PersonDetail, Post } from '../../shared/people-schemas.ts';
import { SelectField, SubmitButton, TextField } from '../auth/forms.tsx';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { send } from '../lib/api.ts';
import { networkHref, organisationHref, personaHref } from '../lib/routes.ts';
import { conflictOr, DatedFields, DateField, dateProblems, FormActions } from './fields.tsx';
import { LEVEL_OPTIONS, levelLabel, orNull, periodText, text, todayIso } from './labels.ts';
import { type Choice, NetworkPicker, OrganisationPicker } from './pickers.tsx';
import {
  AddButton,
  ConfirmDelete,
  Done,
  newestFirst,
  Panel,
  PeriodTag,
  RowButton,
  usePersonaOptions,
  useSection,
  Verified,
} from './records.tsx';

const FIELDS: Record<string, [string, string]> = {
  organisation_code: ['post-where', 'Organisation'],
  network_code: ['post-where', 'Network'],
  title: ['post-title', 'Job title'],
  persona_code: ['post-persona', 'Persona'],
  level: ['post-level', 'Level'],
  valid_from: ['post-valid-from', 'Start date'],
  valid_to: ['post-valid-to', 'End date'],
  source: ['post-source', 'Source'],
  last_verified_on: ['post-last-verified-on', 'Last verified'],
};

/** Where a post is held, as a link. */
function PostHolder({ post }: { post: Post }) {
  if (post.organisation)
    return <Link href={organisationHref(post.organisation.code)}>{post.organisation.name}</Link>;
  if (post.network) return <Link href={networkHref(post.network.code)}>{post.network.name}</Link>;
  return null;
}

const holderName = (p: Post): string => p.organisation?.name ?? p.network?.name ?? '';
const about = (p: Post): string => `the post ${p.title} at ${holderName(p)}`;

/** The fields of a new post or a change to one. */
interface Values {
  where: 'organisation' | 'network';
  holder: Choice | null;
  title: string;
  persona_code: string;
  level: string;
  valid_from: string;
  valid_to: string;
  source: string;
  last_verified_on: string;
}

function valuesOf(p: Post | null): Values {
  return {
    where: p?.network ? 'network' : 'organisation',
    holder: null,
    title: p?.title ?? '',
    persona_code: p?.persona?.code ?? '',
    level: p?.level ?? '',
    valid_from: text(p?.valid_from),
    valid_to: text(p?.valid_to),
    source: text(p?.source),
    last_verified_on: text(p?.last_verified_on),
  };
}

function checks(v: Values, isNew: boolean) {
  const found = [];
  if (isNew && !v.holder)
    found.push({
      id: 'post-where',
      message: v.where === 'organisation' ? 'Choose the organisation' : 'Choose the network',
    });
  if (!v.title.trim()) found.push({ id: 'post-title', message: 'Enter the job title' });
  found.push(
    ...dateProblems(
      [
        { id: 'post-valid-from', label: 'Start date', value: v.valid_from },
        { id: 'post-valid-to', label: 'End date', value: v.valid_to },
        { id: 'post-last-verified-on', label: 'Last verified', value: v.last_verified_on },
      ],
      { from: v.valid_from, to: v.valid_to, toId: 'post-valid-to' },
    ),
  );
  return found;
}

/** The add or change form for a post. */
function PostForm({
  personId,
  post,
  onDone,
  onCancel,
}: {
  personId: number;
  post: Post | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Values>(valuesOf(post));
  const form = useFormSubmit(FIELDS);
  const personas = usePersonaOptions();
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((x) => ({ ...x, [k]: value }));
  const isNew = post === null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const common = {
      title: v.title.trim(),
      persona_code: v.persona_code || null,
      valid_from: orNull(v.valid_from),
      valid_to: orNull(v.valid_to),
      source: orNull(v.source),
      last_verified_on: orNull(v.last_verified_on),
    };
    void form.submit(
      checks(v, isNew),
      async () => {
        if (isNew) {
          await send('POST', '/posts', {
            person_id: personId,
            ...(v.where === 'organisation'
              ? { organisation_code: v.holder?.code }
              : { network_code: v.holder?.code }),
            ...common,
            ...(v.level ? { level: v.level as Level } : {}),
          });
          onDone(`The post ${common.title} is added.`);
        } else {
          await send('PATCH', `/posts/${post.id}`, {
            ...common,
            ...(v.level ? { level: v.level as Level } : {}),
            version: post.version,
          });
          onDone(`The post ${common.title} is saved.`);
        }
      },
      conflictOr('post'),
    );
  };

  return (
    <Panel heading={isNew ? 'Add a post' : `Change ${about(post)}`} problems={form.problems}>
      <form onSubmit={submit} noValidate>
        {isNew && (
          <>
            <SelectField
              id="post-where-kind"
              label="Held at"
              value={v.where}
              onChange={(x) => setV((y) => ({ ...y, where: x as Values['where'], holder: null }))}
              options={[
                { value: 'organisation', text: 'An organisation' },
                { value: 'network', text: 'A clinical network' },
              ]}
            />
            {v.where === 'organisation' ? (
              <OrganisationPicker
                key="organisation"
                id="post-where"
                label="Organisation"
                hint="Type part of its name or its ODS code, then choose it from the list."
                error={form.errorFor('post-where')}
                value={v.holder}
                onChange={(c) => set('holder', c)}
              />
            ) : (
              <NetworkPicker
                key="network"
                id="post-where"
                label="Network"
                hint="Type part of its name, then choose it from the list."
                error={form.errorFor('post-where')}
                value={v.holder}
                onChange={(c) => set('holder', c)}
              />
            )}
          </>
        )}
        <TextField
          id="post-title"
          label="Job title"
          hint="For example, Chief Pharmacist"
          width={30}
          value={v.title}
          onChange={(x) => set('title', x)}
          error={form.errorFor('post-title')}
        />
        <SelectField
          id="post-persona"
          label="Persona (optional)"
          hint="The kind of decision-maker this post is."
          value={v.persona_code}
          onChange={(x) => set('persona_code', x)}
          error={form.errorFor('post-persona')}
          options={personas}
        />
        <SelectField
          id="post-level"
          label="Level"
          value={v.level}
          onChange={(x) => set('level', x)}
          error={form.errorFor('post-level')}
          options={[
            { value: '', text: isNew ? 'From the kind of organisation' : 'Unchanged' },
            ...LEVEL_OPTIONS,
          ]}
        />
        <DatedFields
          prefix="post"
          values={v}
          set={set}
          errorFor={form.errorFor}
          fromLabel="Start date"
          fromHint="Needed when the organisation has an opening date."
          toHint="Leave empty while they hold the post."
        />
        <FormActions busy={form.busy} label={isNew ? 'Add post' : 'Save post'} onCancel={onCancel} />
      </form>
    </Panel>
  );
}

/** Ends a post on a date (today unless changed). */
function EndPost({
  post,
  onDone,
  onCancel,
}: {
  post: Post;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const [on, setOn] = useState(todayIso());
  const form = useFormSubmit({ valid_to: ['post-end-on', 'End date'] });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = on
      ? dateProblems([{ id: 'post-end-on', label: 'End date', value: on }])
      : [{ id: 'post-end-on', message: 'Enter the date the post ended' }];
    if (found.length === 0 && post.valid_from && on < post.valid_from)
      found.push({ id: 'post-end-on', message: 'The end date must be on or after the start date' });
    void form.submit(
      found,
      async () => {
        await send('PATCH', `/posts/${post.id}`, { valid_to: on, version: post.version });
        onDone(`The post ${post.title} is ended.`);
      },
      conflictOr('post'),
    );
  };
  return (
    <Panel heading={`End ${about(post)}`} problems={form.problems}>
      <form onSubmit={submit} noValidate>
        <DateField
          id="post-end-on"
          label="Last day in the post"
          value={on}
          onChange={setOn}
          error={form.errorFor('post-end-on')}
        />
        <div className="app-actions">
          <SubmitButton busy={form.busy}>End post</SubmitButton>
          <button className="nhsuk-button nhsuk-button--secondary" type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Panel>
  );
}

/** A person's posts, current and past, newest first; editors add, change, end and delete them. */
export function PostsSection({
  person,
  canWrite,
  onChanged,
}: {
  person: PersonDetail;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const day = todayIso();
  const rows = newestFirst(person.posts);
  const { mode, setMode, message, chosen, done, cancel, startAdd } = useSection(rows, onChanged);

  return (
    <section aria-labelledby="posts-heading" data-testid="posts">
      <h2 id="posts-heading">Posts</h2>
      <Done message={message} />
      <DataTable<Post>
        caption="Posts held, newest first"
        captionSize="s"
        rows={rows}
        rowKey={(p) => String(p.id)}
        filename={`person-${person.id}-posts`}
        emptyText="No posts recorded."
        columns={[
          { header: 'Job title', cell: (p) => p.title, csv: (p) => p.title },
          { header: 'At', cell: (p) => <PostHolder post={p} />, csv: holderName },
          {
            header: 'Persona',
            cell: (p) => (p.persona ? <Link href={personaHref(p.persona.code)}>{p.persona.name}</Link> : ''),
            csv: (p) => p.persona?.name,
          },
          { header: 'Level', cell: (p) => levelLabel(p.level), csv: (p) => p.level },
          {
            header: 'Dates',
            cell: (p) => (
              <>
                {periodText(p)} <PeriodTag p={p} day={day} />
              </>
            ),
            csv: (p) => periodText(p),
          },
          {
            header: 'Last verified',
            cell: (p) => <Verified on={p.last_verified_on} stale={p.stale} />,
            csv: (p) => p.last_verified_on,
          },
          ...(canWrite
            ? [
                {
                  header: 'Actions',
                  cell: (p: Post) => (
                    <span className="app-row-actions">
                      <RowButton about={about(p)} onClick={() => setMode({ kind: 'edit', id: p.id })}>
                        Change
                      </RowButton>
                      {(p.valid_to === null || p.valid_to >= day) && (
                        <RowButton about={about(p)} onClick={() => setMode({ kind: 'end', id: p.id })}>
                          End
                        </RowButton>
                      )}
                      <RowButton about={about(p)} onClick={() => setMode({ kind: 'delete', id: p.id })}>
                        Delete
                      </RowButton>
                    </span>
                  ),
                },
              ]
            : []),
        ]}
        extraCsv={[
          { header: 'Organisation code', value: (p) => p.organisation?.code },
          { header: 'Network code', value: (p) => p.network?.code },
          { header: 'Valid from', value: (p) => p.valid_from },
          { header: 'Valid to', value: (p) => p.valid_to },
          { header: 'Source', value: (p) => p.source },
        ]}
      />
      {mode.kind === 'add' && <PostForm personId={person.id} post={null} onDone={done} onCancel={cancel} />}
      {mode.kind === 'edit' && chosen && (
        <PostForm key={chosen.id} personId={person.id} post={chosen} onDone={done} onCancel={cancel} />
      )}
      {mode.kind === 'end' && chosen && (
        <EndPost key={chosen.id} post={chosen} onDone={done} onCancel={cancel} />
      )}
      {mode.kind === 'delete' && chosen && (
        <ConfirmDelete
          key={chosen.id}
          what={about(chosen)}
          detail="Deleting removes the post from the record as if it had never been held. To keep the history, end it instead."
          path={`/posts/${chosen.id}`}
          onDone={done}
          onCancel={cancel}
        />
      )}
      {canWrite && mode.kind === 'none' && <AddButton onClick={startAdd}>Add a post</AddButton>}
    </section>
  );
}
