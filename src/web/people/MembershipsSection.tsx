import { type FormEvent, useState } from 'react';
import type { DeclarationKind, MembershipRole, Sector } from '../../core/people.ts';
import type { Membership, PersonDetail } from '../../shared/people-schemas.ts';
import { SelectField, TextareaField } from '../auth/forms.tsx';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { send } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { networkHref, organisationHref } from '../lib/routes.ts';
import { Checkbox, conflictOr, DatedFields, DateField, dateProblems, FormActions } from './fields.tsx';
import {
  DECLARATION_KIND_OPTIONS,
  declarationKindLabel,
  orNull,
  periodText,
  ROLE_OPTIONS,
  roleLabel,
  SECTOR_OPTIONS,
  sectorLabel,
  text,
  todayIso,
} from './labels.ts';
import { type Choice, NetworkPicker, OrganisationPicker } from './pickers.tsx';
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
  network_code: ['membership-network', 'Network'],
  representing_code: ['membership-representing', 'Representing'],
  role: ['membership-role', 'Role'],
  voting: ['membership-voting', 'Voting member'],
  sector: ['membership-sector', 'Sector'],
  declarations: ['membership-declarations', 'Declarations of interest'],
  valid_from: ['membership-valid-from', 'Start date'],
  valid_to: ['membership-valid-to', 'End date'],
  source: ['membership-source', 'Source'],
  last_verified_on: ['membership-last-verified-on', 'Last verified'],
};

const about = (m: Membership): string => `the membership of ${m.network.name}`;

interface Declaration {
  kind: string;
  description: string;
  declared_on: string;
}

interface Values {
  network: Choice | null;
  representing: Choice | null;
  role: string;
  voting: boolean;
  sector: string;
  declarations: Declaration[];
  valid_from: string;
  valid_to: string;
  source: string;
  last_verified_on: string;
}

function valuesOf(m: Membership | null): Values {
  return {
    network: null,
    representing: m?.representing ? { code: m.representing.code, name: m.representing.name } : null,
    role: m?.role ?? 'member',
    voting: m?.voting ?? false,
    sector: m?.sector ?? '',
    declarations: (m?.declarations ?? []).map((d) => ({ ...d })),
    valid_from: text(m?.valid_from),
    valid_to: text(m?.valid_to),
    source: text(m?.source),
    last_verified_on: text(m?.last_verified_on),
  };
}

function checks(v: Values, isNew: boolean) {
  const found = [];
  if (isNew && !v.network) found.push({ id: 'membership-network', message: 'Choose the network' });
  v.declarations.forEach((d, i) => {
    const n = i + 1;
    if (!d.description.trim())
      found.push({ id: `declaration-${i}-description`, message: `Describe declaration ${n}, or remove it` });
    if (!d.declared_on)
      found.push({ id: `declaration-${i}-declared-on`, message: `Enter the date declaration ${n} was made` });
    else
      found.push(
        ...dateProblems([
          { id: `declaration-${i}-declared-on`, label: `Declaration ${n}’s date`, value: d.declared_on },
        ]),
      );
  });
  found.push(
    ...dateProblems(
      [
        { id: 'membership-valid-from', label: 'Start date', value: v.valid_from },
        { id: 'membership-valid-to', label: 'End date', value: v.valid_to },
        { id: 'membership-last-verified-on', label: 'Last verified', value: v.last_verified_on },
      ],
      { from: v.valid_from, to: v.valid_to, toId: 'membership-valid-to' },
    ),
  );
  return found;
}

/** Declarations of interest: a list of kind, description and date, with add and remove. */
function DeclarationsEditor({
  value,
  onChange,
  errorFor,
}: {
  value: Declaration[];
  onChange: (d: Declaration[]) => void;
  errorFor: (id: string) => string | undefined;
}) {
  const change = (i: number, patch: Partial<Declaration>) =>
    onChange(value.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <div className="nhsuk-form-group" id="membership-declarations">
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Declarations of interest</legend>
        {value.length === 0 && <p className="nhsuk-body-s">None declared.</p>}
        {value.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a declaration being written has no identity but its place
          <div className="app-declaration" key={i}>
            <SelectField
              id={`declaration-${i}-kind`}
              label={`Declaration ${i + 1}: kind`}
              value={d.kind}
              onChange={(kind) => change(i, { kind })}
              options={DECLARATION_KIND_OPTIONS}
            />
            <TextareaField
              id={`declaration-${i}-description`}
              label={`Declaration ${i + 1}: what was declared`}
              rows={2}
              value={d.description}
              onChange={(description) => change(i, { description })}
              error={errorFor(`declaration-${i}-description`)}
            />
            <DateField
              id={`declaration-${i}-declared-on`}
              label={`Declaration ${i + 1}: date declared`}
              value={d.declared_on}
              onChange={(declared_on) => change(i, { declared_on })}
              error={errorFor(`declaration-${i}-declared-on`)}
            />
            <p>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                Remove declaration {i + 1}
              </button>
            </p>
          </div>
        ))}
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
          onClick={() =>
            onChange([...value, { kind: 'financial', description: '', declared_on: todayIso() }])
          }
        >
          Add a declaration
        </button>
      </fieldset>
    </div>
  );
}

/** The add or change form for a network membership. */
function MembershipForm({
  personId,
  membership,
  onDone,
  onCancel,
}: {
  personId: number;
  membership: Membership | null;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Values>(valuesOf(membership));
  const form = useFormSubmit(FIELDS);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((x) => ({ ...x, [k]: value }));
  const isNew = membership === null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const common = {
      representing_code: v.representing?.code ?? null,
      role: v.role as MembershipRole,
      voting: v.voting,
      sector: (v.sector || null) as Sector | null,
      declarations: v.declarations.map((d) => ({
        kind: d.kind as DeclarationKind,
        description: d.description.trim(),
        declared_on: d.declared_on,
      })),
      valid_from: orNull(v.valid_from),
      valid_to: orNull(v.valid_to),
      source: orNull(v.source),
      last_verified_on: orNull(v.last_verified_on),
    };
    void form.submit(
      checks(v, isNew),
      async () => {
        if (isNew) {
          await send('POST', '/memberships', {
            network_code: v.network?.code,
            person_id: personId,
            ...common,
          });
          onDone(`The membership of ${v.network?.name} is added.`);
        } else {
          await send('PATCH', `/memberships/${membership.id}`, { ...common, version: membership.version });
          onDone(`The membership of ${membership.network.name} is saved.`);
        }
      },
      conflictOr('membership'),
    );
  };

  return (
    <Panel
      heading={isNew ? 'Add a network membership' : `Change ${about(membership)}`}
      problems={form.problems}
    >
      <form onSubmit={submit} noValidate>
        {isNew && (
          <NetworkPicker
            id="membership-network"
            label="Network"
            hint="Type part of its name, then choose it from the list."
            error={form.errorFor('membership-network')}
            value={v.network}
            onChange={(c) => set('network', c)}
          />
        )}
        <SelectField
          id="membership-role"
          label="Role"
          value={v.role}
          onChange={(x) => set('role', x)}
          error={form.errorFor('membership-role')}
          options={ROLE_OPTIONS}
        />
        <Checkbox
          id="membership-voting"
          label="Voting member"
          checked={v.voting}
          onChange={(x) => set('voting', x)}
        />
        <SelectField
          id="membership-sector"
          label="Sector (optional)"
          hint="Leave as it is to take the sector from the organisation they represent."
          value={v.sector}
          onChange={(x) => set('sector', x)}
          error={form.errorFor('membership-sector')}
          options={[{ value: '', text: 'From the organisation' }, ...SECTOR_OPTIONS]}
        />
        <OrganisationPicker
          id="membership-representing"
          label="Representing (optional)"
          hint="The organisation they sit for, if any."
          error={form.errorFor('membership-representing')}
          value={v.representing}
          onChange={(c) => set('representing', c)}
        />
        <DeclarationsEditor
          value={v.declarations}
          onChange={(d) => set('declarations', d)}
          errorFor={form.errorFor}
        />
        <DatedFields prefix="membership" values={v} set={set} errorFor={form.errorFor} />
        <FormActions
          busy={form.busy}
          label={isNew ? 'Add membership' : 'Save membership'}
          onCancel={onCancel}
        />
      </form>
    </Panel>
  );
}

/** The declarations of a membership, in a cell. */
function Declarations({ m }: { m: Membership }) {
  if (m.declarations.length === 0) return <>None</>;
  return (
    <ul className="nhsuk-list">
      {m.declarations.map((d) => (
        <li key={`${d.kind}:${d.declared_on}:${d.description}`}>
          {declarationKindLabel(d.kind)} ({formatDate(d.declared_on)}): {d.description}
        </li>
      ))}
    </ul>
  );
}

/** A person's network memberships; editors add, change and delete them. */
export function MembershipsSection({
  person,
  canWrite,
  onChanged,
}: {
  person: PersonDetail;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const day = todayIso();
  const rows = newestFirst(person.memberships);
  const { mode, setMode, message, chosen, done, cancel, startAdd } = useSection(rows, onChanged);

  return (
    <section aria-labelledby="memberships-heading" data-testid="memberships">
      <h2 id="memberships-heading">Network memberships</h2>
      <Done message={message} />
      <DataTable<Membership>
        caption="Networks they sit in"
        captionSize="s"
        rows={rows}
        rowKey={(m) => String(m.id)}
        filename={`person-${person.id}-memberships`}
        emptyText="No network memberships recorded."
        columns={[
          {
            header: 'Network',
            cell: (m) => <Link href={networkHref(m.network.code)}>{m.network.name}</Link>,
            csv: (m) => m.network.name,
          },
          { header: 'Role', cell: (m) => roleLabel(m.role), csv: (m) => m.role },
          { header: 'Voting', cell: (m) => (m.voting ? 'Yes' : 'No'), csv: (m) => (m.voting ? 'yes' : 'no') },
          { header: 'Sector', cell: (m) => sectorLabel(m.sector), csv: (m) => m.sector },
          {
            header: 'Representing',
            cell: (m) =>
              m.representing ? (
                <Link href={organisationHref(m.representing.code)}>{m.representing.name}</Link>
              ) : (
                ''
              ),
            csv: (m) => m.representing?.name,
          },
          {
            header: 'Declarations of interest',
            cell: (m) => <Declarations m={m} />,
            csv: (m) => m.declarations.length,
          },
          {
            header: 'Dates',
            cell: (m) => (
              <>
                {periodText(m)} <PeriodTag p={m} day={day} />
              </>
            ),
            csv: (m) => periodText(m),
          },
          {
            header: 'Last verified',
            cell: (m) => <Verified on={m.last_verified_on} stale={m.stale} />,
            csv: (m) => m.last_verified_on,
          },
          ...(canWrite
            ? [
                {
                  header: 'Actions',
                  cell: (m: Membership) => (
                    <span className="app-row-actions">
                      <RowButton about={about(m)} onClick={() => setMode({ kind: 'edit', id: m.id })}>
                        Change
                      </RowButton>
                      <RowButton about={about(m)} onClick={() => setMode({ kind: 'delete', id: m.id })}>
                        Delete
                      </RowButton>
                    </span>
                  ),
                },
              ]
            : []),
        ]}
        extraCsv={[
          { header: 'Network code', value: (m) => m.network.code },
          { header: 'Valid from', value: (m) => m.valid_from },
          { header: 'Valid to', value: (m) => m.valid_to },
        ]}
      />
      {mode.kind === 'add' && (
        <MembershipForm personId={person.id} membership={null} onDone={done} onCancel={cancel} />
      )}
      {mode.kind === 'edit' && chosen && (
        <MembershipForm
          key={chosen.id}
          personId={person.id}
          membership={chosen}
          onDone={done}
          onCancel={cancel}
        />
      )}
      {mode.kind === 'delete' && chosen && (
        <ConfirmDelete
          key={chosen.id}
          what={about(chosen)}
          detail="Deleting removes the membership from the record. To keep the history, change it and give it an end date instead."
          path={`/memberships/${chosen.id}`}
          onDone={done}
          onCancel={cancel}
        />
      )}
      {canWrite && mode.kind === 'none' && <AddButton onClick={startAdd}>Add a network membership</AddButton>}
    </section>
  );
}
