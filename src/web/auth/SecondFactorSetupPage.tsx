import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage } from '../components/Problem.tsx';
import { send } from '../lib/api.ts';
import { useLocation } from '../lib/router.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { CopyButton } from './CopyButton.tsx';
import { FormColumn, SubmitButton, TextField, titleWithErrors } from './forms.tsx';
import { safeNext } from './next.ts';
import { AccountNav } from './SubNav.tsx';
import { refreshSession, useSession } from './session.ts';
import { useFormSubmit } from './useFormSubmit.ts';

const FIELDS: Record<string, [string, string]> = { code: ['code', 'Security code'] };

/** The secret key in groups of four, as authenticator apps show and people type it. */
export function groupKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** Saves `text` as a plain-text file called `filename`. */
function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

type Step =
  | { step: 'start' }
  | { step: 'key'; secret: string; uri: string }
  | { step: 'codes'; codes: string[] };

/** /account/second-factor — set up an authenticator app (TOTP) and get ten recovery codes, shown once. */
export function SecondFactorSetupPage() {
  const session = useSession();
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [step, setStep] = useState<Step>({ step: 'start' });
  const [code, setCode] = useState('');
  const form = useFormSubmit(FIELDS);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(
    titleWithErrors(
      step.step === 'codes' ? 'Save your recovery codes' : 'Set up a second factor',
      form.problems,
    ),
  );

  useEffect(() => {
    // Each step is a new screen: move focus to its heading so it is read out.
    if (step.step !== 'start') headingRef.current?.focus();
  }, [step.step]);

  if (session.status === 'loading') return <Loading what="Loading your account" />;
  if (session.status === 'error')
    return <ProblemPage error={session.error} heading="Set up a second factor" />;
  if (session.status === 'signed_out') {
    return (
      <>
        <h1>Set up a second factor</h1>
        <p>
          <Link href="/sign-in?next=%2Faccount%2Fsecond-factor">Sign in</Link> to set up a second factor.
        </p>
      </>
    );
  }
  const me = session.me;

  const begin = () =>
    form.submit([], async () => {
      const r = await send<{ secret: string; otpauth_uri: string }>('POST', '/me/second-factor');
      setStep({ step: 'key', secret: r.secret, uri: r.otpauth_uri });
    });

  const confirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.replace(/\s+/g, '');
    void form.submit(
      /^\d{6}$/.test(value)
        ? []
        : [{ id: 'code', message: 'Enter the 6-digit code your authenticator app shows' }],
      async () => {
        const r = await send<{ recovery_codes: string[] }>('POST', '/me/second-factor/confirm', {
          code: value,
        });
        setStep({ step: 'codes', codes: r.recovery_codes });
        void refreshSession();
      },
      (_error, problems) => {
        setCode('');
        return problems;
      },
    );
  };

  if (step.step === 'codes') {
    return (
      <FormColumn>
        <AccountNav />
        <div className="nhsuk-panel">
          <h1 className="nhsuk-panel__heading" tabIndex={-1} ref={headingRef}>
            Your second factor is set up
          </h1>
          <div className="nhsuk-panel__body">From now on you will be asked for a code when you sign in.</div>
        </div>
        <h2>Save your recovery codes</h2>
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            These codes are shown only once
          </h3>
          <p>
            If you lose your device, each code lets you sign in once. Store them somewhere safe, such as a
            password manager. Nobody, not even an owner of your workspace, can show them to you again.
          </p>
        </div>
        <ul className="app-recovery-codes" aria-label="Recovery codes" data-testid="recovery-codes">
          {step.codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <div className="nhsuk-button-group">
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            onClick={() =>
              downloadText(
                'atlas-recovery-codes.txt',
                `Clinical Network Atlas recovery codes for ${me.user.email}\r\nEach code works once.\r\n\r\n${step.codes.join('\r\n')}\r\n`,
              )
            }
          >
            Download the codes as a text file
          </button>
          <CopyButton text={step.codes.join('\n')} what="recovery codes" />
        </div>
        <p>
          <Link href={next}>I have saved my codes: continue</Link>
        </p>
      </FormColumn>
    );
  }

  if (step.step === 'key') {
    return (
      <FormColumn problems={form.problems}>
        <AccountNav />
        <h1 tabIndex={-1} ref={headingRef}>
          Set up a second factor
        </h1>
        <h2>1. Add the Atlas to your authenticator app</h2>
        <p>
          In an authenticator app (for example on your phone), choose to add an account and enter this key by
          hand. It is time-based, with 6 digits.
        </p>
        <h3 className="nhsuk-heading-s">Secret key</h3>
        <code className="app-secret" data-testid="totp-secret">
          {groupKey(step.secret)}
        </code>
        <CopyButton text={step.secret} what="secret key" />
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Using an app on this device</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>
              If your authenticator app is on this device, this link may open it with the key filled in:{' '}
              <a className="nhsuk-link" href={step.uri}>
                add the Atlas to an authenticator app
              </a>
              .
            </p>
            <p>The link's address, for apps that accept one:</p>
            <code className="app-secret app-secret--small">{step.uri}</code>
          </div>
        </details>
        <h2>2. Enter the code it shows</h2>
        <form onSubmit={confirm} noValidate>
          <TextField
            id="code"
            label="Security code"
            hint="The 6-digit code your authenticator app shows for the Atlas."
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            width={10}
            code
            value={code}
            onChange={setCode}
            error={form.errorFor('code')}
          />
          <SubmitButton busy={form.busy}>Confirm and turn on</SubmitButton>
        </form>
      </FormColumn>
    );
  }

  return (
    <FormColumn problems={form.problems}>
      <AccountNav />
      <h1>Second factor</h1>
      {me.second_factor.enabled ? (
        <>
          <p>
            <strong className="nhsuk-tag nhsuk-tag--green">On</strong> Your account asks for a code from your
            authenticator app, or a recovery code, when you sign in.
          </p>
          <p>If you have lost your device or your recovery codes, ask an owner of your workspace for help.</p>
        </>
      ) : (
        <>
          {me.second_factor.required && (
            <div className="nhsuk-warning-callout">
              <h2 className="nhsuk-warning-callout__label">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                Your workspace requires a second factor
              </h2>
              <p>Set one up to carry on using {me.workspace?.name ?? 'your workspace'}.</p>
            </div>
          )}
          <p>
            A second factor keeps your account safe if someone learns your password: as well as your password,
            you enter a code from an authenticator app on your phone or computer.
          </p>
          <p>You will need an authenticator app that supports time-based codes (TOTP).</p>
          <button
            className="nhsuk-button"
            type="button"
            onClick={begin}
            disabled={form.busy}
            aria-disabled={form.busy}
          >
            Set up a second factor
          </button>
        </>
      )}
    </FormColumn>
  );
}
