import { type FormEvent, useEffect, useState } from 'react';
import { FormColumn, SubmitButton, TextField, titleWithErrors } from '../auth/forms.tsx';
import { SuccessBanner } from '../auth/SuccessBanner.tsx';
import { hasRole, refreshSession, useSession } from '../auth/session.ts';
import { useFormSubmit } from '../auth/useFormSubmit.ts';
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
  const form = useFormSubmit(FIELDS);
  const [saved, setSaved] = useState(false);
  useDocumentTitle(titleWithErrors('Workspace settings', form.problems));

  const workspace = me?.workspace;
  useEffect(() => {
    if (!workspace) return;
    setName(workspace.name);
    setRequire(workspace.require_second_factor);
  }, [workspace]);

  if (session.status === 'loading') return <Loading what="Loading the workspace" />;
  if (session.status === 'error') return <ProblemPage error={session.error} heading="Workspace settings" />;
  if (!me || !workspace || !hasRole(me, 'owner')) {
    const error = me
      ? new ApiError(403, 'forbidden', 'Forbidden', 'Only an owner of the workspace can change its settings.')
      : new ApiError(401, 'unauthenticated', 'Sign in to continue', 'You need to sign in to see this.');
    return <ProblemPage error={error} heading="Workspace settings" />;
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    void form.submit(
      name.trim() ? [] : [{ id: 'workspace-name', message: 'Enter a name for the workspace' }],
      async () => {
        await send('PATCH', '/workspace', { name: name.trim(), require_second_factor: require });
        setSaved(true);
        await refreshSession();
      },
    );
  };

  return (
    <FormColumn problems={form.problems}>
      <WorkspaceCaption />
      <h1>Workspace settings</h1>
      <WorkspaceNav />
      {saved && (
        <SuccessBanner titleId="settings-saved-title">
          <p className="nhsuk-notification-banner__heading">The settings are saved.</p>
        </SuccessBanner>
      )}
      <form onSubmit={submit} noValidate>
        <TextField
          id="workspace-name"
          label="Workspace name"
          autoComplete="off"
          width={30}
          value={name}
          onChange={setName}
          error={form.errorFor('workspace-name')}
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
        <SubmitButton busy={form.busy}>Save settings</SubmitButton>
      </form>
    </FormColumn>
  );
}
