'use client';
/**
 * @module new-contact-dialog
 * "New contact": a dialog form posting to `/api/crm/contacts` from the browser (names, e-mail,
 * phone); the full form is at `/contacts/new`.
 */
import { ContactCreateSchema } from '@comptoir/contracts/crm/contacts';
import {
  Alert,
  apiRequest,
  Button,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  InlineStatus,
  Input,
} from '@comptoir/ui';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState, useTransition } from 'react';

/**
 * The "New contact" button and its dialog (first name, last name, email, phone). Validated with
 * the contracts' `ContactCreateSchema`, then by the API (its field errors show next to the
 * fields). On success the dialog closes, the list refreshes and "Contact added" is announced.
 *
 * @param variant `empty` renders the button for an empty state (same dialog).
 */
export function NewContactDialog({ variant = 'header' }: { variant?: 'header' | 'empty' }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);

  function reset() {
    setErrors({});
    setMessage(null);
    setPending(false);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const optional = (name: string) => {
      const value = String(data.get(name) ?? '').trim();
      return value === '' ? undefined : value;
    };
    const parsed = ContactCreateSchema.safeParse({
      first_name: String(data.get('first_name') ?? ''),
      last_name: String(data.get('last_name') ?? ''),
      emails: optional('email') ? [{ address: optional('email') }] : [],
      phones: optional('phone') ? [{ number: optional('phone') }] : [],
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      setMessage(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest('/api/crm/contacts', { method: 'POST', body: parsed.data });
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      setPending(false);
      focusFirstInvalid(formRef.current);
      return;
    }
    reset();
    setOpen(false);
    setStatus('Contact added.');
    startTransition(() => router.refresh());
  }

  return (
    <div className="grid justify-items-start gap-2 sm:justify-items-end">
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next) {
            reset();
            setStatus(null);
          }
        }}
      >
        <DialogTrigger asChild>
          <Button>
            <Plus aria-hidden="true" />
            {variant === 'empty' ? 'Add your first contact' : 'New contact'}
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>New contact</DialogTitle>
            <DialogDescription>
              A first or last name is enough; add the rest later, or{' '}
              <Link
                href="/contacts/new"
                className="underline underline-offset-4"
                onClick={() => setOpen(false)}
              >
                open the full form
              </Link>
              .
            </DialogDescription>
          </DialogHeader>
          <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
            {message ? <Alert variant="error">{message}</Alert> : null}
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="First name" error={errors.first_name}>
                <Input name="first_name" autoComplete="off" maxLength={200} />
              </Field>
              <Field label="Last name" error={errors.last_name}>
                <Input name="last_name" autoComplete="off" maxLength={200} />
              </Field>
            </div>
            <Field label="Email" error={errors.emails} optional>
              <Input
                name="email"
                type="email"
                inputMode="email"
                autoComplete="off"
                spellCheck={false}
                maxLength={254}
              />
            </Field>
            <Field label="Phone" error={errors.phones} optional>
              <Input name="phone" type="tel" inputMode="tel" autoComplete="off" maxLength={50} />
            </Field>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={pending}>
                {pending ? 'Adding…' : 'Add contact'}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <InlineStatus message={status} onDismiss={() => setStatus(null)} />
    </div>
  );
}
