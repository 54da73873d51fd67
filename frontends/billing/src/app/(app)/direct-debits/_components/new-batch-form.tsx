'use client';
/**
 * @module new-batch-form
 * Choosing what a direct debit batch collects: a checkbox per unpaid invoice that can be
 * collected (in euros, something due, not disputed, its customer holding an active mandate; the
 * others are listed with the reason, unchecked), the collection date (a TARGET2 business day,
 * today or later), the running total, and `POST /sepa/batches`. The API's errors land on their
 * invoice (`#/invoice_ids/3`) or the date; the new batch opens to download its pain.008 file.
 */
import type { SepaBatch } from '@comptoir/contracts/billing/sepa';
import {
  Alert,
  apiRequest,
  Button,
  Checkbox,
  EmptyState,
  Field,
  type FieldErrors,
  focusFirstInvalid,
  Input,
  pathErrorsOf,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import { FileCheck } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { addDays, formatDay, isCalendarDate, todayIn } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { type CollectableRow, isTarget2Day, nextTarget2Day, sequenceLabel } from '@/lib/sepa';
import { useSession } from '@/lib/session';

/** The form. */
export function NewBatchForm({ rows }: { rows: readonly CollectableRow[] }) {
  const router = useRouter();
  const { tenant } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const today = todayIn(tenant.time_zone);
  const collectable = useMemo(() => rows.filter((r) => !r.reason), [rows]);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(collectable.map((r) => r.invoice.id)));
  const [collectionDate, setCollectionDate] = useState(() => nextTarget2Day(addDays(today, 2)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const chosen = collectable.filter((r) => selected.has(r.invoice.id));
  const total = chosen.reduce((sum, r) => sum + r.invoice.balance_due_minor, 0);
  const allChecked = collectable.length > 0 && chosen.length === collectable.length;

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found: FieldErrors = {};
    if (!isCalendarDate(collectionDate)) found.collection_date = 'Enter a date';
    else if (collectionDate < today) found.collection_date = 'The collection date is in the past';
    else if (!isTarget2Day(collectionDate))
      found.collection_date = 'Banks collect on TARGET2 business days: not a weekend nor a bank holiday';
    if (chosen.length === 0) found.invoice_ids = 'Choose at least one invoice';
    if (Object.keys(found).length > 0) {
      setErrors(found);
      setMessage(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    const ids = chosen.map((r) => r.invoice.id);
    setPending(true);
    setErrors({});
    setMessage(null);
    const result = await apiRequest<SepaBatch>('/api/billing/sepa/batches', {
      method: 'POST',
      body: { collection_date: collectionDate, invoice_ids: ids },
    });
    if (!result.ok) {
      setPending(false);
      // Errors on `invoice_ids.<i>` go on that invoice's row.
      const byPath = pathErrorsOf(result.problem);
      const mapped: FieldErrors = {};
      for (const [key, value] of Object.entries(byPath)) {
        const match = /^invoice_ids\.(\d+)$/.exec(key);
        const id = match ? ids[Number(match[1])] : undefined;
        mapped[id ? `invoice.${id}` : key] = value;
      }
      setErrors(mapped);
      const settings = Object.entries(mapped).filter(([key]) => key.startsWith('settings'));
      setMessage(settings.length > 0 ? settings.map(([, v]) => v).join(' ') : result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    router.push(`/direct-debits/${result.data.id}?created=1`);
    router.refresh();
  }

  if (rows.length === 0) {
    return (
      <EmptyState
        icon={<FileCheck />}
        title="Nothing to collect"
        description="No issued invoice is waiting for payment."
        action={
          <Button variant="outline" asChild>
            <Link href="/invoices">Open the invoices</Link>
          </Button>
        }
      />
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-6">
      {message ? (
        <Alert variant="error">
          {message}
          {Object.keys(errors).some((k) => k.startsWith('settings')) ? (
            <>
              {' '}
              <Link href="/settings#seller">Open the billing settings</Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      {collectable.length === 0 ? (
        <Alert variant="warning" title="No invoice can be collected yet">
          Direct debits need an active mandate for the customer, an invoice in euros with something due, and
          no dispute. Add mandates on the customers' pages.
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-[14rem_1fr] sm:items-end">
        <Field
          label="Collection date"
          hint="A TARGET2 business day; send the file to your bank at least one business day before."
          error={errors.collection_date}
        >
          <Input
            type="date"
            value={collectionDate}
            min={today}
            onChange={(e) => setCollectionDate(e.target.value)}
          />
        </Field>
        <p className="text-sm sm:pb-6" aria-live="polite">
          <span className="font-medium">
            {chosen.length} invoice{chosen.length === 1 ? '' : 's'} selected
          </span>{' '}
          · <span className="tabular-nums">{formatMoney(total, 'EUR', tenant.locale)}</span>
        </p>
      </div>
      {errors.invoice_ids ? <Alert variant="error">{errors.invoice_ids}</Alert> : null}
      <div className="rounded-xl border bg-card">
        <Table aria-label="Unpaid invoices">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="w-10">
                <Checkbox
                  aria-label="Select every invoice that can be collected"
                  checked={allChecked}
                  disabled={collectable.length === 0}
                  onChange={(e) =>
                    setSelected(e.target.checked ? new Set(collectable.map((r) => r.invoice.id)) : new Set())
                  }
                />
              </TableHead>
              <TableHead>Invoice</TableHead>
              <TableHead className="hidden md:table-cell">Due</TableHead>
              <TableHead className="text-right">Balance due</TableHead>
              <TableHead className="hidden sm:table-cell">Mandate</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map(({ invoice, mandate, reason }) => {
              const error = errors[`invoice.${invoice.id}`];
              const checkboxId = `collect-${invoice.id}`;
              return (
                <TableRow key={invoice.id} className={reason ? 'text-muted-foreground' : undefined}>
                  <TableCell>
                    <Checkbox
                      id={checkboxId}
                      checked={!reason && selected.has(invoice.id)}
                      disabled={Boolean(reason)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={
                        error ? `${checkboxId}-error` : reason ? `${checkboxId}-reason` : undefined
                      }
                      onChange={(e) => toggle(invoice.id, e.target.checked)}
                    />
                  </TableCell>
                  <TableCell>
                    <label htmlFor={checkboxId} className="grid cursor-pointer">
                      <span className="font-medium text-foreground">
                        {invoice.number} · {invoice.customer_name}
                      </span>
                      {reason ? (
                        <span id={`${checkboxId}-reason`} className="text-xs">
                          {reason}
                        </span>
                      ) : (
                        <span className="text-muted-foreground text-xs sm:hidden">{mandate?.reference}</span>
                      )}
                      {error ? (
                        <span id={`${checkboxId}-error`} className="text-destructive text-xs">
                          {error}
                        </span>
                      ) : null}
                    </label>
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">
                    {formatDay(invoice.due_date, tenant.locale)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-right tabular-nums">
                    {formatMoney(invoice.balance_due_minor, invoice.currency, tenant.locale)}
                  </TableCell>
                  <TableCell className="hidden text-xs sm:table-cell">
                    {mandate ? (
                      <span className="grid">
                        <span className="font-mono">{mandate.reference}</span>
                        <span className="text-muted-foreground">
                          {sequenceLabel(mandate.next_sequence_type)}
                        </span>
                      </span>
                    ) : (
                      <Link
                        href={`/customers/${invoice.customer_id}`}
                        className="underline-offset-4 hover:underline"
                      >
                        Add a mandate
                      </Link>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <div className="sticky bottom-0 z-10 -mx-4 flex flex-wrap items-center justify-end gap-2 border-t bg-background/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6">
        <Button variant="ghost" asChild>
          <Link href="/direct-debits">Cancel</Link>
        </Button>
        <Button type="submit" pending={pending} disabled={collectable.length === 0}>
          {pending ? 'Creating batch…' : `Collect ${chosen.length} invoice${chosen.length === 1 ? '' : 's'}`}
        </Button>
      </div>
    </form>
  );
}
