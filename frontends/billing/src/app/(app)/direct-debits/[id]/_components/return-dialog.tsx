'use client';
/**
 * @module return-dialog
 * Recording a returned collection (an R-transaction from the bank, `POST /sepa/returns`): its
 * EndToEndId and the ISO 20022 reason code. The payment fails, the invoice is due again and
 * dunning resumes; AC04 and MD01 also revoke the mandate, which the dialog says before it is sent.
 */
import { SepaReturnSchema } from '@comptoir/contracts/billing/sepa';
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
  fieldErrorsOf,
  fieldErrorsOfIssues,
  Input,
  NativeSelect,
} from '@comptoir/ui';
import { Undo2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { RETURN_REASONS, returnRevokesMandate } from '@/lib/sepa';

/** "Record return" for one collection, and its dialog. */
export function ReturnDialog({ endToEndId, amount }: { endToEndId: string; amount: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('AM04');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const parsed = SepaReturnSchema.safeParse({ end_to_end_id: endToEndId, reason_code: reason });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      return;
    }
    setPending(true);
    setErrors({});
    setMessage(null);
    const result = await apiRequest('/api/billing/sepa/returns', { method: 'POST', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(fieldErrorsOf(result.problem));
      setMessage(result.message);
      return;
    }
    setOpen(false);
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (next) {
          setReason('AM04');
          setErrors({});
          setMessage(null);
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Record a return of ${endToEndId}`}>
          <Undo2 aria-hidden="true" />
          <span className="hidden sm:inline">Record return</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Record a returned collection</DialogTitle>
          <DialogDescription>
            The bank returned {amount}: the payment fails, the invoice is due again and reminders resume.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          {message ? <Alert variant="error">{message}</Alert> : null}
          <Field label="EndToEndId" error={errors.end_to_end_id}>
            <Input value={endToEndId} readOnly className="font-mono" />
          </Field>
          <Field
            label="Reason"
            hint={
              returnRevokesMandate(reason)
                ? 'This reason also revokes the mandate: no further collection from it.'
                : 'The ISO 20022 code on the bank’s return notice.'
            }
            error={errors.reason_code}
          >
            <NativeSelect value={reason} onChange={(e) => setReason(e.target.value)}>
              {RETURN_REASONS.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.code} · {r.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" pending={pending}>
              {pending ? 'Recording…' : 'Record return'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
