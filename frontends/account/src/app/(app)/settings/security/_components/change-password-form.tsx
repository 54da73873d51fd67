'use client';
/**
 * @module change-password-form
 * Changes the password (`POST /api/auth/password`); the API signs out the other sessions.
 */
import { ChangePasswordSchema } from '@comptoir/contracts/auth';
import {
  Alert,
  apiRequest,
  Button,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  InlineStatus,
  Input,
} from '@comptoir/ui';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState, useTransition } from 'react';

/**
 * "Current password", "New password" and "Change password". A wrong current password shows next
 * to its field (the API's `#/current_password` error).
 *
 * @param email the account's e-mail, for password managers (hidden username field).
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = ChangePasswordSchema.safeParse({
      current_password: String(data.get('current_password') ?? ''),
      new_password: String(data.get('new_password') ?? ''),
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      setStatus(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    setStatus(null);
    const result = await apiRequest('/api/auth/password', { method: 'POST', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(Object.keys(result.fieldErrors).length > 0 ? null : result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    form.reset();
    setStatus('Password changed. Your other devices were signed out.');
    startTransition(() => router.refresh());
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid max-w-md gap-4">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field label="Current password" error={errors.current_password}>
        <Input name="current_password" type="password" autoComplete="current-password" required />
      </Field>
      <Field label="New password" error={errors.new_password} hint="At least 10 characters.">
        <Input
          name="new_password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={200}
          required
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          {pending ? 'Changing…' : 'Change password'}
        </Button>
        <InlineStatus message={status} />
      </div>
    </form>
  );
}
