import { type FormEvent, useState } from 'react';
import { send, setCsrfToken } from '../lib/api.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { AccountEmailField } from './AccountFields.tsx';
import { FormColumn, type FormProblem, SubmitButton, TextField, titleWithErrors } from './forms.tsx';
import { safeNext, withNext } from './next.ts';
import { refreshSession } from './session.ts';
import { useFormSubmit } from './useFormSubmit.ts';

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
  const form = useFormSubmit(FIELDS);
  useDocumentTitle(titleWithErrors('Sign in', form.problems));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FormProblem[] = [];
    if (!email.trim()) found.push({ id: 'email', message: 'Enter your email address' });
    if (!password) found.push({ id: 'password', message: 'Enter your password' });
    void form.submit(
      found,
      async () => {
        const result = await send<{ second_factor_required: boolean; csrf_token: string }>(
          'POST',
          '/auth/sign-in',
          { email: email.trim(), password },
        );
        setCsrfToken(result.csrf_token);
        await refreshSession();
        navigate(result.second_factor_required ? withNext('/sign-in/second-factor', next) : next);
      },
      (_error, problems) => {
        setPassword('');
        return problems;
      },
    );
  };

  return (
    <FormColumn problems={form.problems}>
      <h1>Sign in</h1>
      <p>Sign in to the Clinical Network Atlas with the email address and password of your account.</p>
      <form onSubmit={submit} noValidate>
        <AccountEmailField value={email} onChange={setEmail} error={form.errorFor('email')} />
        <TextField
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={form.errorFor('password')}
        />
        <SubmitButton busy={form.busy}>Sign in</SubmitButton>
      </form>
      <h2 className="nhsuk-heading-s">No account?</h2>
      <p>
        Ask an administrator of your workspace to invite you. An invitation comes as a link that lets you set
        your password.
      </p>
      <p>
        The data about the NHS structure is also open through the{' '}
        <a className="nhsuk-link" href="/api/docs">
          API
        </a>
        .
      </p>
    </FormColumn>
  );
}
