import { type FormEvent, useState } from 'react';
import { send, setCsrfToken } from '../lib/api.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { AccountEmailField, NewPasswordFields, useNewPassword } from './AccountFields.tsx';
import { FormColumn, type FormProblem, SubmitButton, TextField, titleWithErrors } from './forms.tsx';
import { refreshSession } from './session.ts';
import { useFormSubmit } from './useFormSubmit.ts';

const FIELDS: Record<string, [string, string]> = {
  email: ['email', 'Email address'],
  display_name: ['display-name', 'Name'],
  password: ['password', 'Password'],
  workspace: ['workspace', 'Workspace name'],
};

/** /setup?token=… — the first run: create the first owner and their workspace, then see the summary. */
export function SetupPage() {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const newPassword = useNewPassword();
  const [workspace, setWorkspace] = useState('');
  const form = useFormSubmit(FIELDS);
  useDocumentTitle(titleWithErrors('Set up the Clinical Network Atlas', form.problems));

  if (!token) {
    return (
      <>
        <h1>Set up the Clinical Network Atlas</h1>
        <p>To set up the Atlas, open the set-up link it printed when it first started.</p>
        <p>
          The link looks like <code>http://127.0.0.1:3000/setup?token=…</code> and works once, for 30 minutes.
          If it has expired, restart the Atlas to get a new one.
        </p>
      </>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FormProblem[] = [];
    if (!email.trim()) found.push({ id: 'email', message: 'Enter your email address' });
    found.push(...newPassword.problems());
    if (!workspace.trim()) found.push({ id: 'workspace', message: 'Enter a name for your workspace' });
    void form.submit(found, async () => {
      const result = await send<{ csrf_token: string }>('POST', '/auth/setup', {
        token,
        email: email.trim(),
        password: newPassword.password,
        display_name: name.trim(),
        workspace: workspace.trim(),
      });
      setCsrfToken(result.csrf_token);
      await refreshSession();
      navigate('/');
    });
  };

  return (
    <FormColumn problems={form.problems}>
      <h1>Set up the Clinical Network Atlas</h1>
      <p>
        Create the first account. You will be the owner of a workspace: your team's private space for notes,
        which you can invite others to.
      </p>
      <form onSubmit={submit} noValidate>
        <AccountEmailField value={email} onChange={setEmail} error={form.errorFor('email')} />
        <TextField
          id="display-name"
          label="Your name"
          hint="Shown to the other members of your workspace."
          autoComplete="name"
          value={name}
          onChange={setName}
          error={form.errorFor('display-name')}
        />
        <NewPasswordFields value={newPassword} errorFor={form.errorFor} />
        <TextField
          id="workspace"
          label="Workspace name"
          hint="For example, the name of your team or organisation."
          autoComplete="organization"
          value={workspace}
          onChange={setWorkspace}
          error={form.errorFor('workspace')}
        />
        <SubmitButton busy={form.busy}>Create account and workspace</SubmitButton>
      </form>
    </FormColumn>
  );
}
