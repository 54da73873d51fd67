'use client';
/**
 * @module invite-member-form
 * Invites someone by e-mail with a role (`POST /api/auth/invitations`).
 */
import { InvitationCreateSchema } from '@comptoir/contracts/auth';
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
  NativeSelect,
} from '@comptoir/ui';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState, useTransition } from 'react';

/** Props of {@link InviteMemberForm}. */
export interface InviteMemberFormProps {
  /** Roles the inviter may grant (never above their own). */
  roles: Array<{ value: string; label: string }>;
}

/** "Email", "Role" (default Member) and "Send invitation"; announces "Invitation sent to …". */
export function InviteMemberForm({ roles }: InviteMemberFormProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const defaultRole = roles.some((r) => r.value === 'MEMBER') ? 'MEMBER' : roles[roles.length - 1]?.value;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = InvitationCreateSchema.safeParse({
      email: data.get('email') ?? '',
      role: data.get('role') ?? undefined,
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
    const result = await apiRequest('/api/auth/invitations', { method: 'POST', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.fieldErrors.email ? null : result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    form.reset();
    setStatus(`Invitation sent to ${parsed.data.email}.`);
    startTransition(() => router.refresh());
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_11rem_auto] sm:items-start">
        <Field label="Email" error={errors.email}>
          <Input name="email" type="email" inputMode="email" autoComplete="off" spellCheck={false} required />
        </Field>
        <Field label="Role" error={errors.role}>
          <NativeSelect name="role" defaultValue={defaultRole}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Button type="submit" pending={pending} className="sm:mt-[1.375rem]">
          {pending ? 'Sending…' : 'Send invitation'}
        </Button>
      </div>
      <InlineStatus message={status} onDismiss={() => setStatus(null)} />
    </form>
  );
}
