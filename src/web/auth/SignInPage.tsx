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
import { safeNext, withNext } from './next.ts';
import { refreshSession } from './session.ts';

const FIELDS: Record<string, [string, string]> = {
  email: ['email', 'Email address'],
  password: ['password', 'Password'],
};

/** /sign-in — email address and password; a second factor may follow. Then back to ?next=. */
export function SignInPage() {
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(titleWithErrors('Sign in', problems));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FormProblem[] = [];
    if (!email.trim()) found.push({ id: 'email', message: 'Enter your email address' });
    if (!password) found.push({ id: 'password', message: 'Enter your password' });
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const result = await send<{ second_factor_required: boolean; csrf_token: string }>(
        'POST',
        '/auth/sign-in',
        { email: email.trim(), password },
      );
      setCsrfToken(result.csrf_token);
      await refreshSession();
      navigate(result.second_factor_required ? withNext('/sign-in/second-factor', next) : next);
    } catch (error) {
      setPassword('');
      setProblems(problemsFrom(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <FormErrorSummary problems={problems} />
        <h1>Sign in</h1>
        <p>Sign in to the Clinical Network Atlas with the email address and password of your account.</p>
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
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={problemFor(problems, 'password')}
          />
          <button className="nhsuk-button" type="submit" disabled={busy} aria-disabled={busy}>
            Sign in
          </button>
        </form>
        <h2 className="nhsuk-heading-s">No account?</h2>
        <p>
          Ask an administrator of your workspace to invite you. An invitation comes as a link that lets you
          set your password.
        </p>
        <p>
          The data about the NHS structure is also open through the{' '}
          <a className="nhsuk-link" href="/api/docs">
            API
          </a>
          .
        </p>
      </div>
    </div>
  );
}
