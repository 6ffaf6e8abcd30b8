import { type FormEvent, useEffect, useState } from 'react';
import { FormErrorSummary, SubmitButton, titleWithErrors } from '../auth/forms.tsx';
import { SuccessBanner } from '../auth/SuccessBanner.tsx';
import { formatDateTime } from '../auth/time.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
import { useResource } from '../auth/useResource.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { ApiError, apiUrl, send } from '../lib/api.ts';
import { stakeholdersHref } from '../lib/routes.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { usePeopleAccess } from '../personas/access.ts';
import {
  apiFields,
  draftsOf,
  inputId,
  overridesOf,
  rangeText,
  type WeightRow,
  type WeightsData,
  weightName,
} from './weights-form.ts';

const TITLE = 'Influence weights';
const STALE =
  'Someone else changed the weights since this page loaded. The page now shows their weights: make your changes again.';

/** One group's weights as a table: read-only, or with an input per weight for owners. */
function GroupTable({
  data,
  group,
  rows,
  drafts,
  editable,
  errorFor,
  onChange,
}: {
  data: WeightsData;
  group: WeightsData['groups'][number];
  rows: WeightRow[];
  drafts: Record<string, string>;
  editable: boolean;
  errorFor: (id: string) => string | undefined;
  onChange: (path: string, value: string) => void;
}) {
  const headingId = `weights-${group.group}`;
  return (
    <table className="nhsuk-table" aria-labelledby={headingId} aria-describedby={`${headingId}-summary`}>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th className="nhsuk-table__header" scope="col">
            Weight
          </th>
          <th className="nhsuk-table__header" scope="col">
            What it weighs
          </th>
          <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
            Default
          </th>
          <th className="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
            This workspace
          </th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row) => {
          const id = inputId(row.path);
          const error = errorFor(id);
          return (
            <tr className="nhsuk-table__row" key={row.path}>
              <th className="nhsuk-table__header" scope="row">
                {row.label}
                <br />
                <code>{row.path}</code>
              </th>
              <td className="nhsuk-table__cell">{row.meaning}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{row.default}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                {editable ? (
                  <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
                    <label className="nhsuk-label nhsuk-u-visually-hidden" htmlFor={id}>
                      {`Weight for ${weightName(row, data.groups)}, ${rangeText(row)}; the default is ${row.default}`}
                    </label>
                    {error && (
                      <span className="nhsuk-error-message" id={`${id}-error`}>
                        <span className="nhsuk-u-visually-hidden">Error:</span> {error}
                      </span>
                    )}
                    <input
                      className={
                        error
                          ? 'nhsuk-input nhsuk-input--width-4 nhsuk-input--error'
                          : 'nhsuk-input nhsuk-input--width-4'
                      }
                      id={id}
                      name={row.path}
                      type="text"
                      inputMode="decimal"
                      spellCheck={false}
                      autoComplete="off"
                      value={drafts[row.path] ?? ''}
                      aria-describedby={error ? `${id}-error` : undefined}
                      onChange={(e) => onChange(row.path, e.target.value)}
                    />
                  </div>
                ) : (
                  <>
                    {row.value}
                    {row.overridden && (
                      <span className="nhsuk-u-visually-hidden"> (changed from the default)</span>
                    )}
                    {row.overridden && <span aria-hidden="true"> *</span>}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * /stakeholders/weights — the workspace's influence weights (docs/influence.md): every weight by group
 * with what it weighs, its default and the workspace's value. Owners change them ("Save weights") or
 * go back to the defaults; every score in the workspace is then computed again with them. Others see
 * the table read-only.
 */
export function WeightsPage() {
  const access = usePeopleAccess();
  const state = useResource<WeightsData>(access.read ? apiUrl('/analysis/weights') : null);
  const data = state.status === 'ok' ? state.data : null;
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<{ n: number; text: string } | null>(null);
  const form = useFormSubmit(data ? apiFields(data) : {});
  useDocumentTitle(
    state.status === 'error' ? problemTitle(state.error) : titleWithErrors(TITLE, form.problems),
  );

  // The inputs show the weights held whenever they are (re)loaded: on arrival, after a save, after a 409.
  useEffect(() => {
    if (data) setDrafts(draftsOf(data));
  }, [data]);

  if (!access.known) return <Loading what="Loading the weights" />;
  if (!access.read) {
    const error = access.me
      ? new ApiError(
          403,
          'forbidden',
          'Choose a workspace',
          'Choose a workspace to see its influence weights.',
        )
      : new ApiError(401, 'unauthenticated', 'Sign in to continue', 'You need to sign in to see this.');
    return <ProblemPage error={error} heading={TITLE} />;
  }
  if (state.status === 'error') return <ProblemPage error={state.error} heading={TITLE} />;
  if (!data) return <Loading what="Loading the weights" />;

  const editable = access.own;
  const changedCount = data.weights.filter((w) => w.overridden).length;

  /** 409: someone else wrote first. Show it, and their weights. */
  const onError = (error: unknown, problems: { id: string | null; message: string }[]) => {
    if (error instanceof ApiError && error.status === 409) {
      state.reload();
      return [{ id: null, message: STALE }];
    }
    return problems;
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(null);
    const r = overridesOf(data, drafts);
    void form.submit(
      r.ok ? [] : r.problems,
      async () => {
        if (!r.ok) return;
        await send('PUT', '/analysis/weights', { overrides: r.overrides, version: data.version });
        setSaved({
          n: Date.now(),
          text:
            r.changed === 0
              ? 'Nothing had changed: the weights are as they were.'
              : 'The weights are saved. Every influence score, explanation, ranking and map of the workspace is being computed again with them.',
        });
        state.reload();
      },
      onError,
    );
  };

  const reset = () => {
    setSaved(null);
    void form.submit(
      [],
      async () => {
        await send('DELETE', `/analysis/weights?version=${data.version}`);
        setSaved({
          n: Date.now(),
          text: 'The workspace is back on the default weights. Every score is being computed again with them.',
        });
        state.reload();
      },
      onError,
    );
  };

  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: stakeholdersHref(), text: 'Stakeholder map' },
        ]}
      />
      <FormErrorSummary problems={form.problems} />
      {saved && (
        <SuccessBanner key={saved.n} titleId="weights-saved-title">
          <p className="nhsuk-notification-banner__heading">{saved.text}</p>
        </SuccessBanner>
      )}
      <h1>{TITLE}</h1>
      <p className="nhsuk-body-l">
        Influence is standing flowing along ties: posts, seats, organisations and the relationships your team
        records. These weights say how much each kind of tie counts. Every influence score, explanation,
        ranking and map of this workspace is computed with them.
      </p>
      <p className="nhsuk-body">
        {changedCount === 0
          ? 'This workspace uses the default weights.'
          : `${changedCount === 1 ? '1 weight differs' : `${changedCount} weights differ`} from the defaults${
              editable ? '' : ' (marked *)'
            }.`}
        {data.updated_at && ` Last changed ${formatDateTime(data.updated_at)}.`}
      </p>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          A relationship weight (or a confidence) of 0 takes those ties out of the graph altogether: they then
          lend no standing, and paths and introductions no longer walk them. The weights of posts, seats and
          organisations must stay above 0, since scopes and persona coverage follow them: to count them for
          less, lower them.
        </p>
      </div>
      {!editable && <p className="nhsuk-body">Only an owner of the workspace can change the weights.</p>}
      <form onSubmit={save} noValidate>
        {data.groups.map((group) => {
          const rows = data.weights.filter((w) => w.group === group.group);
          if (rows.length === 0) return null;
          return (
            <div key={group.group} className="nhsuk-u-margin-bottom-6">
              <h2 id={`weights-${group.group}`}>{group.title}</h2>
              <p className="nhsuk-body" id={`weights-${group.group}-summary`}>
                {group.summary}
              </p>
              <GroupTable
                data={data}
                group={group}
                rows={rows}
                drafts={drafts}
                editable={editable}
                errorFor={form.errorFor}
                onChange={(path, value) => setDrafts((d) => ({ ...d, [path]: value }))}
              />
            </div>
          );
        })}
        {editable && (
          <>
            <p className="nhsuk-body">
              Saving computes every score in the workspace again with these weights: the first map or ranking
              after a change can take a few seconds longer.
            </p>
            <div className="nhsuk-button-group">
              <SubmitButton busy={form.busy}>Save weights</SubmitButton>
              {changedCount > 0 && (
                <button
                  className="nhsuk-button nhsuk-button--secondary"
                  type="button"
                  disabled={form.busy}
                  aria-disabled={form.busy}
                  onClick={reset}
                >
                  Back to the defaults
                </button>
              )}
            </div>
          </>
        )}
      </form>
    </>
  );
}
