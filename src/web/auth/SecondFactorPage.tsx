import { type FormEvent, useState } from 'react';
import { send } from '../lib/api.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { FormColumn, SubmitButton, TextField, titleWithErrors } from './forms.tsx';
import { safeNext, withNext } from './next.ts';
import { forgetSession, refreshSession } from './session.ts';
import { useFormSubmit } from './useFormSubmit.ts';

const FIELDS: Record<string, [string, string]> = { code: ['code', 'Security code'] };

/** /sign-in/second-factor — the code from an authenticator app, or a recovery code, to finish signing in. */
export function SecondFactorPage() {
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [code, setCode] = useState('');
  const form = useFormSubmit(FIELDS);
  useDocumentTitle(titleWithErrors('Enter your security code', form.problems));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, '');
    void form.submit(
      value ? [] : [{ id: 'code', message: 'Enter the security code from your authenticator app' }],
      async () => {
        await send('POST', '/auth/second-factor', { code: value });
        await refreshSession();
        navigate(next);
      },
      (_error, problems) => {
        setCode('');
        if (problems.some((p) => /sign in first/i.test(p.message))) {
          forgetSession();
          navigate(withNext('/sign-in', next));
        }
        // A wrong code belongs to the code field.
        return problems.map((p) => (p.id === null && /code/i.test(p.message) ? { ...p, id: 'code' } : p));
      },
    );
  };

  return (
    <FormColumn problems={form.problems}>
      <h1>Enter your security code</h1>
      <p>Your account is protected by a second factor.</p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="code"
          label="Security code"
          hint="The 6-digit code from your authenticator app, or one of your recovery codes (like abcd-efgh-jkmn)."
          autoComplete="one-time-code"
          spellCheck={false}
          autoCapitalize="none"
          width={10}
          code
          value={code}
          onChange={setCode}
          error={form.errorFor('code')}
        />
        <SubmitButton busy={form.busy}>Continue</SubmitButton>
      </form>
      <p>
        A recovery code works once. If you have lost both your device and your codes, ask an owner of your
        workspace for help.
      </p>
    </FormColumn>
  );
}
