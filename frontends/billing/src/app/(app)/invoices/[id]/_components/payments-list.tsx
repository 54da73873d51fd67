'use client';
/**
 * @module payments-list
 * The payments of an invoice, newest first as the API gives them: day, method, reference,
 * amount (and what of it became customer credit), state. A succeeded payment can be marked failed
 * (a returned direct debit, a bounced cheque) with its reason: its amount returns to the balance.
 */
import { type Payment, PaymentFailSchema } from '@comptoir/contracts/billing/invoices';
import {
  Alert,
  apiRequest,
  Badge,
  Button,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  EmptyState,
  Field,
  Input,
} from '@comptoir/ui';
import { Banknote } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { formatDay } from '@/lib/dates';
import { PAYMENT_METHOD_LABELS } from '@/lib/invoice-status';
import { formatMoney } from '@/lib/money';
import { useCan, useSession } from '@/lib/session';

/** The list; an empty state when there is no payment yet. */
export function PaymentsList({ payments }: { payments: readonly Payment[] }) {
  const { tenant } = useSession();
  const canFail = useCan('payments:fail');
  if (payments.length === 0) {
    return (
      <EmptyState
        headingLevel={3}
        icon={<Banknote />}
        title="No payments yet"
        description="Record one when the money arrives: the balance follows."
        className="py-8"
      />
    );
  }
  return (
    <ul className="grid gap-3" aria-label="Payments">
      {payments.map((p) => {
        const amount = formatMoney(p.amount_minor, p.currency, tenant.locale);
        return (
          <li key={p.id} className="grid gap-1 rounded-lg border p-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span
                className={
                  p.status === 'failed' ? 'font-medium tabular-nums line-through' : 'font-medium tabular-nums'
                }
              >
                {amount}
              </span>
              {p.status === 'failed' ? (
                <Badge variant="destructive">Failed</Badge>
              ) : (
                <Badge variant="success">Received</Badge>
              )}
            </div>
            <div className="text-muted-foreground">
              {formatDay(p.received_on, tenant.locale)} · {PAYMENT_METHOD_LABELS[p.method] ?? p.method}
              {p.reference ? ` · ${p.reference}` : ''}
            </div>
            {p.credit_minor > 0 ? (
              <div className="text-muted-foreground">
                {formatMoney(p.credit_minor, p.currency, tenant.locale)} kept as customer credit
              </div>
            ) : null}
            {p.status === 'failed' ? (
              <div className="text-destructive">Failed: {p.failure_reason}</div>
            ) : canFail ? (
              <div>
                <FailPaymentDialog payment={p} amount={amount} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** "Mark failed" and its dialog asking why. */
function FailPaymentDialog({ payment, amount }: { payment: Payment; amount: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = PaymentFailSchema.safeParse({ reason });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setPending(true);
    setError(undefined);
    setMessage(null);
    const result = await apiRequest(`/api/billing/payments/${payment.id}/fail`, {
      method: 'POST',
      body: parsed.data,
    });
    setPending(false);
    if (!result.ok) {
      setError(result.fieldErrors.reason);
      setMessage(result.fieldErrors.reason ? null : result.message);
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
        setOpen(next);
        setReason('');
        setError(undefined);
        setMessage(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="link" size="sm" aria-label={`Mark the payment of ${amount} failed`}>
          Mark failed
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Mark this payment failed?</DialogTitle>
          <DialogDescription>
            {amount} returns to the balance due, as when a direct debit is returned or a cheque bounces.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} noValidate className="grid gap-4">
          {message ? <Alert variant="error">{message}</Alert> : null}
          <Field label="Reason" hint="e.g. SEPA return code AM04, cheque returned unpaid" error={error}>
            <Input value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" pending={pending}>
              {pending ? 'Saving…' : 'Mark failed'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
