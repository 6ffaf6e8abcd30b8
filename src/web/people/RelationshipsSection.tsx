import { type FormEvent, useState } from 'react';
import type { RelationshipConfidence, RelationshipKind } from '../../core/people.ts';
import type { PersonDetail, Relationship } from '../../shared/people-schemas.ts';
import { SelectField, TextareaField } from '../auth/forms.tsx';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { send } from '../lib/api.ts';
import { networkHref, organisationHref, personHref } from '../lib/routes.ts';
import { conflictOr, DatedFields, dateProblems, FormActions } from './fields.tsx';
import {
  CONFIDENCE_OPTIONS,
  confidenceLabel,
  kindLabel,
  orNull,
  periodText,
  RELATIONSHIP_KIND_OPTIONS,
  text,
  todayIso,
} from './labels.ts';
import { type Choice, NetworkPicker, OrganisationPicker, PersonPicker } from './pickers.tsx';
import {
  AddButton,
  ConfirmDelete,
  Done,
  newestFirst,
  Panel,
  PeriodTag,
  RowButton,
  useSection,
  Verified,
} from './records.tsx';

const FIELDS: Record<string, [string, string]> = {
  from_person_id: ['relationship-other', 'Person'],
  to_person_id: ['relationship-other', 'Person'],
  to_organisation_code: ['relationship-other', 'Organisation'],
  to_network_code: ['relationship-other', 'Network'],
  kind: ['relationship-kind', 'Kind'],
  strength: ['relationship-strength', 'Strength'],
  evidence: ['relationship-evidence', 'Evidence'],
  confidence: ['relationship-confidence', 'Confidence'],
  valid_from: ['relationship-valid-from', 'Start date'],
  valid_to: ['relationship-valid-to', 'End date'],
  source: ['relationship-source', 'Source'],
  last_verified_on: ['relationship-last-verified-on', 'Last verified'],
};

const STRENGTH_OPTIONS = [
  { value: '1', text: '1 – slight' },
  { value: '2', text: '2' },
  { value: '3', text: '3 – moderate' },
  { value: '4', text: '4' },
  { value: '5', text: '5 – strong' },
];

/** The page a relationship's far end leads to. */
function endHref(end: Relationship['to']): string {
  if (end.type === 'person') return personHref(Number(end.id));
  if (end.type === 'organisation') return organisationHref(String(end.id));
  return networkHref(String(end.id));
}

const about = (r: Relationship): string =>
  `the tie “${kindLabel(r.kind).toLowerCase()}” from ${r.from.name} to ${r.to.name}`;

/** Which way a new tie runs from the person whose page this is, and to what. */
type Direction = 'out_person' | 'out_organisation' | 'out_network' | 'in_person';

interface Values {
  direction: Direction;
  other: Choice | null;
  kind: string;
  strength: string;
  confidence: string;
  evidence: string;
  valid_from: string;
  valid_to: string;
  source: string;
  last_verified_on: string;
}

function valuesOf(r: Relationship | null): Values {
  return {
    direction: 'out_person',
    other: null,
    kind: r?.kind ?? 'works_with',
    strength: String(r?.strength ?? 3),
    confidence: r?.confidence ?? 'likely',
    evidence: text(r?.evidence),
    valid_from: text(r?.valid_from),
    valid_to: text(r?.valid_to),
    source: text(r?.source),
    last_verified_on: text(r?.last_verified_on),
  };
}

/** The add or change form for a relationship; either end may change it. */
function RelationshipForm({
  person,
  relationship,
  onDone,
  onCancel,
}: {
  person: PersonDetail;
  relationship: Relationship | null;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Values>(valuesOf(relationship));
  const form = useFormSubmit(FIELDS);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((x) => ({ ...x, [k]: value }));
  const isNew = relationship === null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = [];
    if (isNew && !v.other)
      found.push({ id: 'relationship-other', message: 'Choose who or what the tie is with' });
    found.push(
      ...dateProblems(
        [
          { id: 'relationship-valid-from', label: 'Start date', value: v.valid_from },
          { id: 'relationship-valid-to', label: 'End date', value: v.valid_to },
          { id: 'relationship-last-verified-on', label: 'Last verified', value: v.last_verified_on },
        ],
        { from: v.valid_from, to: v.valid_to, toId: 'relationship-valid-to' },
      ),
    );
    const common = {
      kind: v.kind as RelationshipKind,
      strength: Number(v.strength),
      confidence: v.confidence as RelationshipConfidence,
      evidence: orNull(v.evidence),
      valid_from: orNull(v.valid_from),
      valid_to: orNull(v.valid_to),
      source: orNull(v.source),
      last_verified_on: orNull(v.last_verified_on),
    };
    void form.submit(
      found,
      async () => {
        if (isNew) {
          const code = v.other?.code ?? '';
          const ends =
            v.direction === 'in_person'
              ? { from_person_id: Number(code), to_person_id: person.id }
              : v.direction === 'out_person'
                ? { from_person_id: person.id, to_person_id: Number(code) }
                : v.direction === 'out_organisation'
                  ? { from_person_id: person.id, to_organisation_code: code }
                  : { from_person_id: person.id, to_network_code: code };
          await send('POST', '/relationships', { ...ends, ...common });
          onDone(`The tie with ${v.other?.name} is added.`);
        } else {
          await send('PATCH', `/relationships/${relationship.id}`, {
            ...common,
            version: relationship.version,
          });
          onDone('The tie is saved.');
        }
      },
      conflictOr('relationship'),
    );
  };

  const pickerProps = {
    id: 'relationship-other',
    error: form.errorFor('relationship-other'),
    value: v.other,
    onChange: (c: Choice | null) => set('other', c),
  };
  return (
    <Panel heading={isNew ? 'Add a relationship' : `Change ${about(relationship)}`} problems={form.problems}>
      <form onSubmit={submit} noValidate>
        {isNew && (
          <>
            <SelectField
              id="relationship-direction"
              label="The tie"
              hint="Ties are directed: “reports to” runs from the one who reports."
              value={v.direction}
              onChange={(x) => setV((y) => ({ ...y, direction: x as Direction, other: null }))}
              options={[
                { value: 'out_person', text: `From ${person.name} to another person` },
                { value: 'in_person', text: `From another person to ${person.name}` },
                { value: 'out_organisation', text: `From ${person.name} to an organisation` },
                { value: 'out_network', text: `From ${person.name} to a network` },
              ]}
            />
            {v.direction === 'out_organisation' ? (
              <OrganisationPicker key="organisation" {...pickerProps} label="Organisation" />
            ) : v.direction === 'out_network' ? (
              <NetworkPicker key="network" {...pickerProps} label="Network" />
            ) : (
              <PersonPicker
                key="person"
                {...pickerProps}
                exclude={person.id}
                label="Person"
                hint="Type part of their name, then choose them from the list."
              />
            )}
          </>
        )}
        <SelectField
          id="relationship-kind"
          label="Kind of tie"
          value={v.kind}
          onChange={(x) => set('kind', x)}
          error={form.errorFor('relationship-kind')}
          options={RELATIONSHIP_KIND_OPTIONS}
        />
        <SelectField
          id="relationship-strength"
          label="Strength"
          value={v.strength}
          onChange={(x) => set('strength', x)}
          error={form.errorFor('relationship-strength')}
          options={STRENGTH_OPTIONS}
        />
        <SelectField
          id="relationship-confidence"
          label="How sure"
          value={v.confidence}
          onChange={(x) => set('confidence', x)}
          error={form.errorFor('relationship-confidence')}
          options={CONFIDENCE_OPTIONS}
        />
        <TextareaField
          id="relationship-evidence"
          label="Evidence (optional)"
          hint="What shows the tie, for example minutes of a meeting both attend"
          rows={2}
          value={v.evidence}
          onChange={(x) => set('evidence', x)}
          error={form.errorFor('relationship-evidence')}
        />
        <DatedFields prefix="relationship" values={v} set={set} errorFor={form.errorFor} />
        <FormActions
          busy={form.busy}
          label={isNew ? 'Add relationship' : 'Save relationship'}
          onCancel={onCancel}
        />
      </form>
    </Panel>
  );
}

/** A person's ties, out to others and in from them; either end's page can change or delete one. */
export function RelationshipsSection({
  person,
  canWrite,
  onChanged,
}: {
  person: PersonDetail;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const day = todayIso();
  const out = newestFirst(person.relationships_out);
  const inward = newestFirst(person.relationships_in);
  const { mode, setMode, message, chosen, done, cancel, startAdd } = useSection(
    [...out, ...inward],
    onChanged,
  );

  const common = [
    { header: 'Kind', cell: (r: Relationship) => kindLabel(r.kind), csv: (r: Relationship) => r.kind },
    {
      header: 'Strength',
      cell: (r: Relationship) => `${r.strength} of 5`,
      csv: (r: Relationship) => r.strength,
    },
    {
      header: 'How sure',
      cell: (r: Relationship) => confidenceLabel(r.confidence),
      csv: (r: Relationship) => r.confidence,
    },
    { header: 'Evidence', cell: (r: Relationship) => r.evidence ?? '', csv: (r: Relationship) => r.evidence },
    {
      header: 'Dates',
      cell: (r: Relationship) => (
        <>
          {periodText(r)} <PeriodTag p={r} day={day} />
        </>
      ),
      csv: (r: Relationship) => periodText(r),
    },
    {
      header: 'Last verified',
      cell: (r: Relationship) => <Verified on={r.last_verified_on} stale={r.stale} />,
      csv: (r: Relationship) => r.last_verified_on,
    },
    ...(canWrite
      ? [
          {
            header: 'Actions',
            cell: (r: Relationship) => (
              <span className="app-row-actions">
                <RowButton about={about(r)} onClick={() => setMode({ kind: 'edit', id: r.id })}>
                  Change
                </RowButton>
                <RowButton about={about(r)} onClick={() => setMode({ kind: 'delete', id: r.id })}>
                  Delete
                </RowButton>
              </span>
            ),
          },
        ]
      : []),
  ];

  return (
    <section aria-labelledby="relationships-heading" data-testid="relationships">
      <h2 id="relationships-heading">Relationships</h2>
      <Done message={message} />
      <DataTable<Relationship>
        caption={`From ${person.name}`}
        captionSize="s"
        rows={out}
        rowKey={(r) => String(r.id)}
        filename={`person-${person.id}-relationships-out`}
        emptyText={`No ties from ${person.name} recorded.`}
        columns={[
          {
            header: 'To',
            cell: (r) => <Link href={endHref(r.to)}>{r.to.name}</Link>,
            csv: (r) => r.to.name,
          },
          ...common,
        ]}
        extraCsv={[
          { header: 'To type', value: (r) => r.to.type },
          { header: 'To id', value: (r) => r.to.id },
        ]}
      />
      <DataTable<Relationship>
        caption={`To ${person.name}`}
        captionSize="s"
        rows={inward}
        rowKey={(r) => String(r.id)}
        filename={`person-${person.id}-relationships-in`}
        emptyText={`No ties to ${person.name} recorded.`}
        columns={[
          {
            header: 'From',
            cell: (r) => <Link href={personHref(r.from.id)}>{r.from.name}</Link>,
            csv: (r) => r.from.name,
          },
          ...common,
        ]}
        extraCsv={[{ header: 'From id', value: (r) => r.from.id }]}
      />
      {mode.kind === 'add' && (
        <RelationshipForm person={person} relationship={null} onDone={done} onCancel={cancel} />
      )}
      {mode.kind === 'edit' && chosen && (
        <RelationshipForm
          key={chosen.id}
          person={person}
          relationship={chosen}
          onDone={done}
          onCancel={cancel}
        />
      )}
      {mode.kind === 'delete' && chosen && (
        <ConfirmDelete
          key={chosen.id}
          what={about(chosen)}
          detail="Deleting removes the tie from both people’s records."
          path={`/relationships/${chosen.id}`}
          onDone={done}
          onCancel={cancel}
        />
      )}
      {canWrite && mode.kind === 'none' && <AddButton onClick={startAdd}>Add a relationship</AddButton>}
    </section>
  );
}
