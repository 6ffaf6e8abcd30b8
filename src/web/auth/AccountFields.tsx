import { useState } from 'react';
import { type FormProblem, TextField } from './forms.tsx';

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

/** A new password, typed twice, and its checks. */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  return { password, confirm, setPassword, setConfirm, problems: () => passwordProblems(password, confirm) };
}

/** The email address an account signs in with. */
export function AccountEmailField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <TextField
      id="email"
      label="Email address"
      type="email"
      autoComplete="username"
      spellCheck={false}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

/** "Create a password" and "Confirm your password", for a new account. */
export function NewPasswordFields({
  value,
  errorFor,
}: {
  value: ReturnType<typeof useNewPassword>;
  errorFor: (id: string) => string | undefined;
}) {
  return (
    <>
      <TextField
        id="password"
        label="Create a password"
        hint="At least 12 characters. A few unrelated words make a good password."
        type="password"
        autoComplete="new-password"
        value={value.password}
        onChange={value.setPassword}
        error={errorFor('password')}
      />
      <TextField
        id="confirm-password"
        label="Confirm your password"
        type="password"
        autoComplete="new-password"
        value={value.confirm}
        onChange={value.setConfirm}
        error={errorFor('confirm-password')}
      />
    </>
  );
}
