import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  FormErrorSummary,
  type FormProblem,
  problemFor,
  problemsFrom,
  TextField,
  titleWithErrors,
} from '../auth/forms.tsx';
import { hasRole, refreshSession, useSession } from '../auth/session.ts';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage } from '../components/Problem.tsx';
import { ApiError, send } from '../lib/api.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { WorkspaceCaption, WorkspaceNav } from './WorkspaceNav.tsx';

const FIELDS: Record<string, [string, string]> = {
  name: ['workspace-name', 'Workspace name'],
  require_second_factor: ['require-second-factor', 'Require a second factor'],
};

/** /workspace/settings — the workspace's name and whether its members must use a second factor. Owners. */
export function SettingsPage() {
  const session = useSession();
  const me = session.status === 'signed_in' ? session.me : null;
  const [name, setName] = useState('');
  const [require, setRequire] = useState(false);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const savedRef = useRef<HTMLDivElement>(null);
  useDocumentTitle(titleWithErrors('Workspace settings', problems));

  const workspace = me?.workspace;
  useEffect(() => {
    if (!workspace) return;
    setName(workspace.name);
    setRequire(workspace.require_second_factor);
  }, [workspace]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  if (session.status === 'loading') return <Loading what="Loading the workspace" />;
  if (session.status === 'error') return <ProblemPage error={session.error} heading="Workspace settings" />;
  if (!me || !workspace || !hasRole(me, 'owner')) {
    const error = me
      ? new ApiError(403, 'forbidden', 'Forbidden', 'Only an owner of the workspace can change its settings.')
      : new ApiError(401, 'unauthenticated', 'Sign in to continue', 'You need to sign in to see this.');
    return <ProblemPage error={error} heading="Workspace settings" />;
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    if (!name.trim()) {
      setProblems([{ id: 'workspace-name', message: 'Enter a name for the workspace' }]);
      return;
    }
    setBusy(true);
    try {
      await send('PATCH', '/workspace', { name: name.trim(), require_second_factor: require });
      setProblems([]);
      setSaved(true);
      await refreshSession();
    } catch (error) {
      setProblems(problemsFrom(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <FormErrorSummary problems={problems} />
        <WorkspaceCaption />
        <h1>Workspace settings</h1>
        <WorkspaceNav />
        {saved && (
          <div
            className="nhsuk-notification-banner nhsuk-notification-banner--success"
            role="alert"
            aria-labelledby="settings-saved-title"
            tabIndex={-1}
            ref={savedRef}
          >
            <div className="nhsuk-notification-banner__header">
              <h2 className="nhsuk-notification-banner__title" id="settings-saved-title">
                Success
              </h2>
            </div>
            <div className="nhsuk-notification-banner__content">
              <p className="nhsuk-notification-banner__heading">The settings are saved.</p>
            </div>
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <TextField
            id="workspace-name"
            label="Workspace name"
            autoComplete="off"
            width={30}
            value={name}
            onChange={setName}
            error={problemFor(problems, 'workspace-name')}
          />
          <div className="nhsuk-form-group">
            <fieldset className="nhsuk-fieldset" aria-describedby="require-second-factor-hint">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Sign-in security</legend>
              <div className="nhsuk-hint" id="require-second-factor-hint">
                Members without a second factor will have to set one up before they can use the workspace.
              </div>
              <div className="nhsuk-checkboxes">
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id="require-second-factor"
                    name="require_second_factor"
                    type="checkbox"
                    checked={require}
                    onChange={(e) => setRequire(e.target.checked)}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="require-second-factor">
                    Require a second factor of every member
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button" type="submit" disabled={busy} aria-disabled={busy}>
            Save settings
          </button>
        </form>
      </div>
    </div>
  );
}
