import { type FormEvent, useState } from 'react';
import { send, setCsrfToken } from '../lib/api.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import {
  FormErrorSummary,
  type FormProblem,
  problemFor,
  problemsFrom,
  TextField,
  titleWithErrors,
} from './forms.tsx';
import { refreshSession } from './session.ts';

const FIELDS: Record<string, [string, string]> = {
  email: ['email', 'Email address'],
  display_name: ['display-name', 'Name'],
  password: ['password', 'Password'],
  workspace: ['workspace', 'Workspace name'],
};

/** Checks a new password as the server will, and that it was typed the same twice. */
export function passwordProblems(password: string, confirm: string): FormProblem[] {
  const found: FormProblem[] = [];
  if (!password) found.push({ id: 'password', message: 'Enter a password' });
  else if (password.length < 12)
    found.push({ id: 'password', message: 'Password must be at least 12 characters' });
  if (password && confirm !== password)
    found.push({ id: 'confirm-password', message: 'Passwords do not match: type the same password twice' });
  return found;
}

/** /setup?token=… — the first run: create the first owner and their workspace, then see the summary. */
export function SetupPage() {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [workspace, setWorkspace] = useState('');
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(titleWithErrors('Set up the Clinical Network Atlas', problems));

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

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FormProblem[] = [];
    if (!email.trim()) found.push({ id: 'email', message: 'Enter your email address' });
    found.push(...passwordProblems(password, confirm));
    if (!workspace.trim()) found.push({ id: 'workspace', message: 'Enter a name for your workspace' });
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const result = await send<{ csrf_token: string }>('POST', '/auth/setup', {
        token,
        email: email.trim(),
        password,
        display_name: name.trim(),
        workspace: workspace.trim(),
      });
      setCsrfToken(result.csrf_token);
      await refreshSession();
      navigate('/');
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
        <h1>Set up the Clinical Network Atlas</h1>
        <p>
          Create the first account. You will be the owner of a workspace: your team's private space for notes,
          which you can invite others to.
        </p>
        <form onSubmit={submit} noValidate>
          <TextField
            id="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={problemFor(problems, 'email')}
          />
          <TextField
            id="display-name"
            label="Your name"
            hint="Shown to the other members of your workspace."
            autoComplete="name"
            value={name}
            onChange={setName}
            error={problemFor(problems, 'display-name')}
          />
          <TextField
            id="password"
            label="Create a password"
            hint="At least 12 characters. A few unrelated words make a good password."
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            error={problemFor(problems, 'password')}
          />
          <TextField
            id="confirm-password"
            label="Confirm your password"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={setConfirm}
            error={problemFor(problems, 'confirm-password')}
          />
          <TextField
            id="workspace"
            label="Workspace name"
            hint="For example, the name of your team or organisation."
            autoComplete="organization"
            value={workspace}
            onChange={setWorkspace}
            error={problemFor(problems, 'workspace')}
          />
          <button className="nhsuk-button" type="submit" disabled={busy} aria-disabled={busy}>
            Create account and workspace
          </button>
        </form>
      </div>
    </div>
  );
}
