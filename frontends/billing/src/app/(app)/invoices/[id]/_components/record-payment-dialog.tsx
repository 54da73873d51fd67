'use client';
/**
 * @module record-payment-dialog
 * Recording a payment of an issued invoice (`POST /invoices/{id}/payments`): the amount
 * (prefilled with the balance due, typed as people write amounts), the method, the day it was
 * received (today in the tenant's time zone) and a reference. An amount above the balance is
 * accepted: the API keeps the rest as customer credit.
 */
import { PAYMENT_METHODS, type Payment, PaymentCreateSchema } from '@comptoir/contracts/billing/invoices';
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
  focusFirstInvalid,
  Input,
  NativeSelect,
} from '@comptoir/ui';
import { Banknote } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { todayIn } from '@/lib/dates';
import { PAYMENT_METHOD_LABELS } from '@/lib/invoice-status';
import { formatMoney, minorToInput, parseMoney } from '@/lib/money';
import { useSession } from '@/lib/session';

/** Props of {@link RecordPaymentDialog}. */
export interface RecordPaymentDialogProps {
  invoiceId: string;
  /** Balance due, minor units. */
  balanceMinor: number;
  currency: string;
  /** Called with the recorded payment (after the page data is refreshed). */
  onRecorded?: (payment: Payment) => void;
}

/** "Record payment" and its dialog. */
export function RecordPaymentDialog({
  invoiceId,
  balanceMinor,
  currency,
  onRecorded,
}: RecordPaymentDialogProps) {
  const router = useRouter();
  const { tenant } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<string>('transfer');
  const [receivedOn, setReceivedOn] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function reset() {
    setAmount(minorToInput(balanceMinor, currency, tenant.locale));
    setMethod('transfer');
    setReceivedOn(todayIn(tenant.time_zone));
    setReference('');
    setErrors({});
    setMessage(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const minor = parseMoney(amount, currency);
    const input = {
      amount_minor: minor ?? Number.NaN,
      method,
      received_on: receivedOn,
      reference: reference.trim() || null,
    };
    const parsed = PaymentCreateSchema.safeParse(input);
    if (minor === null || !parsed.success) {
      const found = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
      if (minor === null) found.amount_minor = 'Enter an amount such as 1 234,56';
      setErrors(found);
      setMessage(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setErrors({});
    setMessage(null);
    const result = await apiRequest<Payment>(`/api/billing/invoices/${invoiceId}/payments`, {
      method: 'POST',
      body: parsed.data,
    });
    setPending(false);
    if (!result.ok) {
      setErrors(fieldErrorsOf(result.problem));
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setOpen(false);
    router.refresh();
    onRecorded?.(result.data);
  }

  const typed = parseMoney(amount, currency);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (next) reset();
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Banknote aria-hidden="true" />
          Record payment
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Record a payment</DialogTitle>
          <DialogDescription>
            Balance due: {formatMoney(balanceMinor, currency, tenant.locale)}. More than that is kept as the
            customer's credit.
          </DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
          {message ? <Alert variant="error">{message}</Alert> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Amount"
              error={errors.amount_minor}
              hint={
                typed !== null && typed > balanceMinor
                  ? `${formatMoney(typed - balanceMinor, currency, tenant.locale)} will become credit.`
                  : `In ${currency}.`
              }
            >
              <Input
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                maxLength={30}
                className="tabular-nums"
                onChange={(e) => setAmount(e.target.value)}
              />
            </Field>
            <Field label="Method" error={errors.method}>
              <NativeSelect value={method} onChange={(e) => setMethod(e.target.value)}>
                {PAYMENT_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {PAYMENT_METHOD_LABELS[m] ?? m}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="Received on" error={errors.received_on}>
              <Input type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} />
            </Field>
            <Field
              label="Reference"
              optional
              hint="Bank statement line, cheque number…"
              error={errors.reference}
            >
              <Input value={reference} maxLength={100} onChange={(e) => setReference(e.target.value)} />
            </Field>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              {pending ? 'Recording…' : 'Record payment'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
