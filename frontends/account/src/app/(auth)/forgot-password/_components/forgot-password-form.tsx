'use client';
/**
 * @module forgot-password-form
 * Requests a password-reset e-mail (`POST /api/auth/recover`).
 */
import { RecoverSchema } from '@comptoir/contracts/auth';
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
 * The e-mail field and "Send reset link". The API answers 202 whether or not the address has an
 * account, so the confirmation says "if an account exists".
 */
export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const parsed = RecoverSchema.safeParse({ email: new FormData(event.currentTarget).get('email') ?? '' });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest('/api/auth/recover', {
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
    setErrors({});
    setSentTo(parsed.data.email);
  }

  if (sentTo) {
    return (
      <Alert variant="success" title="Check your inbox" role="status">
        If an account exists for {sentTo}, an e-mail with a link to reset your password is on its way. The
        link is valid for one hour.
      </Alert>
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Field label="Email" error={errors.email}>
        <Input
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
      </Field>
      <Button type="submit" pending={pending} className="w-full">
        {pending ? 'Sending…' : 'Send reset link'}
      </Button>
    </form>
  );
}
