import { type FormEvent, useState } from 'react';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
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
import { herePath, withNext } from './next.ts';
import { passwordProblems } from './SetupPage.tsx';
import { refreshSession, useSession } from './session.ts';

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
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(titleWithErrors('Accept your invitation', problems));

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

  const accept = async (body: Record<string, string>) => {
    setBusy(true);
    try {
      await send('POST', '/auth/accept-invitation', { token, ...body });
      // A new account is signed in by the answer's cookie; its CSRF token comes from /me.
      setCsrfToken(undefined);
      await refreshSession();
      navigate('/');
    } catch (error) {
      setProblems(problemsFrom(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const submitNew = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = passwordProblems(password, confirm);
    setProblems(found);
    if (found.length === 0) void accept({ password, display_name: name.trim() });
  };

  const submitSignedIn = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblems([]);
    void accept({});
  };

  const signInHref = withNext('/sign-in', herePath());

  if (signedIn) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <FormErrorSummary problems={problems} />
          <h1>Accept your invitation</h1>
          <p>
            You are signed in as <strong>{signedIn.user.email}</strong>. Accept the invitation to join the
            workspace with that account.
          </p>
          {!signedIn.second_factor.done && (
            <p>
              First{' '}
              <Link href={withNext('/sign-in/second-factor', herePath())}>enter your security code</Link>.
            </p>
          )}
          <form onSubmit={submitSignedIn} noValidate>
            <button className="nhsuk-button" type="submit" disabled={busy} aria-disabled={busy}>
              Accept invitation
            </button>
          </form>
          <p>If the invitation was sent to another email address, sign out and open the link again.</p>
        </div>
      </div>
    );
  }

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <FormErrorSummary problems={problems} />
        <h1>Accept your invitation</h1>
        <p>
          You have been invited to a workspace in the Clinical Network Atlas. Choose your name and a password
          to join.
        </p>
        <p>
          Already have an account? <Link href={signInHref}>Sign in</Link> first, then come back to this link.
        </p>
        <form onSubmit={submitNew} noValidate>
          <TextField
            id="display-name"
            label="Your name"
            hint="Shown to the other members of the workspace."
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
          <button className="nhsuk-button" type="submit" disabled={busy} aria-disabled={busy}>
            Accept invitation
          </button>
        </form>
      </div>
    </div>
  );
}
