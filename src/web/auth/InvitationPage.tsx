import { type FormEvent, useState } from 'react';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { send, setCsrfToken } from '../lib/api.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { NewPasswordFields, useNewPassword } from './AccountFields.tsx';
import { FormColumn, type FormProblem, SubmitButton, TextField, titleWithErrors } from './forms.tsx';
import { herePath, withNext } from './next.ts';
import { refreshSession, useSession } from './session.ts';
import { useFormSubmit } from './useFormSubmit.ts';

const FIELDS: Record<string, [string, string]> = {
  password: ['password', 'Password'],
  display_name: ['display-name', 'Name'],
};

/** /invitation?token=… — join a workspace: a new person sets a name and password; a signed-in person accepts. */
export function InvitationPage() {
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const session = useSession();
  const [name, setName] = useState('');
  const newPassword = useNewPassword();
  const form = useFormSubmit(FIELDS);
  useDocumentTitle(titleWithErrors('Accept your invitation', form.problems));

  if (!token) {
    return (
      <>
        <h1>Accept your invitation</h1>
        <p>
          This page needs the whole invitation link you were sent. Check you copied all of it, or ask the
          person who invited you for a new link.
        </p>
      </>
    );
  }
  if (session.status === 'loading') return <Loading what="Checking whether you are signed in" />;

  const signedIn = session.status === 'signed_in' ? session.me : null;

  /** Accepts with `body` (a new account's details, or nothing) once `found` is empty. */
  const accept = (event: FormEvent<HTMLFormElement>, found: FormProblem[], body: Record<string, string>) => {
    event.preventDefault();
    void form.submit(found, async () => {
      await send('POST', '/auth/accept-invitation', { token, ...body });
      // A new account is signed in by the answer's cookie; its CSRF token comes from /me.
      setCsrfToken(undefined);
      await refreshSession();
      navigate('/');
    });
  };

  if (signedIn) {
    return (
      <FormColumn problems={form.problems}>
        <h1>Accept your invitation</h1>
        <p>
          You are signed in as <strong>{signedIn.user.email}</strong>. Accept the invitation to join the
          workspace with that account.
        </p>
        {!signedIn.second_factor.done && (
          <p>
            First <Link href={withNext('/sign-in/second-factor', herePath())}>enter your security code</Link>.
          </p>
        )}
        <form onSubmit={(event) => accept(event, [], {})} noValidate>
          <SubmitButton busy={form.busy}>Accept invitation</SubmitButton>
        </form>
        <p>If the invitation was sent to another email address, sign out and open the link again.</p>
      </FormColumn>
    );
  }

  return (
    <FormColumn problems={form.problems}>
      <h1>Accept your invitation</h1>
      <p>
        You have been invited to a workspace in the Clinical Network Atlas. Choose your name and a password to
        join.
      </p>
      <p>
        Already have an account? <Link href={withNext('/sign-in', herePath())}>Sign in</Link> first, then come
        back to this link.
      </p>
      <form
        onSubmit={(event) =>
          accept(event, newPassword.problems(), { password: newPassword.password, display_name: name.trim() })
        }
        noValidate
      >
        <TextField
          id="display-name"
          label="Your name"
          hint="Shown to the other members of the workspace."
          autoComplete="name"
          value={name}
          onChange={setName}
          error={form.errorFor('display-name')}
        />
        <NewPasswordFields value={newPassword} errorFor={form.errorFor} />
        <SubmitButton busy={form.busy}>Accept invitation</SubmitButton>
      </form>
    </FormColumn>
  );
}
