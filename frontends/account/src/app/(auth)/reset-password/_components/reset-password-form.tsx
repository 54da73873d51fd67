'use client';
/**
 * @module reset-password-form
 * Sets a new password with the e-mailed token (`POST /api/auth/recover/confirm`).
 */
import { ResetPasswordSchema } from '@comptoir/contracts/auth';
import {
  Alert,
  apiRequest,
  Button,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
} from '@comptoir/ui';
import { type FormEvent, useRef, useState } from 'react';

/**
 * "New password" and "Set new password". An invalid or expired token shows in plain words with
 * a link to ask for a new one; success links to sign-in.
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const parsed = ResetPasswordSchema.safeParse({
      token,
      password: String(new FormData(event.currentTarget).get('password') ?? ''),
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest('/api/auth/recover/confirm', {
      method: 'POST',
      body: parsed.data,
      refreshOnUnauthorized: false,
    });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setDone(true);
  }

  if (done) {
    return (
      <div className="grid gap-4">
        <Alert variant="success" title="Your password has been changed" role="status">
          Sign in with your new password.
        </Alert>
        <Button asChild className="w-full">
          <a href="/sign-in">Sign in</a>
        </Button>
      </div>
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
      {message ? (
        <Alert variant="error">
          {message}{' '}
          {errors.token || /expired|invalid/i.test(message) ? (
            <a href="/forgot-password">Ask for a new link</a>
          ) : null}
        </Alert>
      ) : null}
      <Field label="New password" error={errors.password} hint="At least 10 characters.">
        <Input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={200}
          required
        />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        {pending ? 'Saving…' : 'Set new password'}
      </Button>
    </form>
  );
}
