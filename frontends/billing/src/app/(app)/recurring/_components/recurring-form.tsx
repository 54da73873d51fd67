'use client';
/**
 * @module recurring-form
 * A new recurring invoice (`POST /recurring-invoices`): customer, frequency (monthly, quarterly,
 * yearly), first day and optional last day, whether each invoice is issued at once or left as a
 * draft, payment terms, note, and the lines of the invoice editor (`LinesCard`) with the totals of
 * one period. The API invoices period n on `start_date + n × frequency`.
 *
 * Keyboard: Enter in a line moves to the next line; Ctrl+Enter (⌘+Enter) saves.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import { type RecurringInvoice, RecurringInvoiceCreateSchema } from '@comptoir/contracts/billing/recurring';
import {
  apiRequest,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  CheckboxField,
  type ComboboxOption,
  Field,
  type FieldErrors,
  focusFirstInvalid,
  Input,
  NativeSelect,
  pathErrorsOf,
  pathErrorsOfIssues,
  Textarea,
} from '@comptoir/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { todayIn } from '@/lib/dates';
import { emptyLine, parseDays, readLines, remapLineErrors } from '@/lib/invoice-form';
import { formatMoney, vatGroupLabel } from '@/lib/money';
import { FREQUENCY_LABELS, type Frequency } from '@/lib/recurring';
import { useCan, useSession } from '@/lib/session';
import { CustomerField, EditorForm } from '../../_components/editor-parts';
import { LinesCard, useLineRows } from '../../_components/line-editor';
import { customerOption } from '../../_components/pickers';
import { TotalsBlock } from '../../_components/totals-block';
import type { EditorCustomer } from '../../invoices/_components/invoice-editor';

/** Props of {@link RecurringForm}. */
export interface RecurringFormProps {
  taxRates: readonly TaxRate[];
  /** The customer it starts with (`?customer=`). */
  customer: EditorCustomer | null;
  /** The tenant's default payment terms, days. */
  defaultTermsDays: number;
}

/** The form; on save it opens the list of recurring invoices. */
export function RecurringForm({ taxRates, customer: initialCustomer, defaultTermsDays }: RecurringFormProps) {
  const router = useRouter();
  const { tenant } = useSession();
  const canIssue = useCan('invoices:issue');
  const locale = tenant.locale;
  const formRef = useRef<HTMLFormElement>(null);
  const today = todayIn(tenant.time_zone);

  const [customer, setCustomer] = useState<EditorCustomer | null>(initialCustomer);
  const [customerChoice, setCustomerChoice] = useState<ComboboxOption | null>(
    initialCustomer ? customerOption(initialCustomer) : null,
  );
  const [currency, setCurrency] = useState(initialCustomer?.default_currency ?? tenant.currency);
  const rows = useLineRows(() => [emptyLine(taxRates, locale)], taxRates, locale);
  const [title, setTitle] = useState('');
  const [frequency, setFrequency] = useState<Frequency>('monthly');
  const [startDate, setStartDate] = useState(today);
  const [endDate, setEndDate] = useState('');
  const [autoIssue, setAutoIssue] = useState(false);
  const [terms, setTerms] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const read = useMemo(() => readLines(rows.lines, taxRates, currency), [rows.lines, taxRates, currency]);
  const money = (minor: number) => formatMoney(minor, currency, locale);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const found: FieldErrors = { ...read.errors };
    if (!customer) found.customer_id = 'Choose a customer';
    const days = parseDays(terms);
    if (days === undefined) found.payment_terms_days = 'Enter a number of days from 0 to 365';
    const body = {
      customer_id: customer?.id ?? '',
      title: title.trim() || null,
      currency,
      frequency,
      start_date: startDate,
      end_date: endDate || null,
      auto_issue: autoIssue,
      lines: read.payload,
      payment_terms_days: days ?? null,
      note: note.trim() || null,
    };
    const parsed = RecurringInvoiceCreateSchema.safeParse(body);
    if (!parsed.success) {
      for (const [key, value] of Object.entries(
        remapLineErrors(pathErrorsOfIssues(parsed.error.issues), read.rowOf),
      )) {
        if (found[key] === undefined) found[key] = value;
      }
    }
    if (Object.keys(found).length > 0 || !parsed.success) {
      setErrors(found);
      setMessage('Some fields need your attention.');
      focusFirstInvalid(formRef.current);
      return;
    }
    setSaving(true);
    setErrors({});
    setMessage(null);
    const result = await apiRequest<RecurringInvoice>('/api/billing/recurring-invoices', {
      method: 'POST',
      body,
    });
    if (!result.ok) {
      setSaving(false);
      setErrors(remapLineErrors(pathErrorsOf(result.problem), read.rowOf));
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    router.push('/recurring');
    router.refresh();
  }

  return (
    <EditorForm formRef={formRef} onSubmit={onSubmit} message={message}>
      <Card>
        <CardHeader>
          <CardTitle>Customer and schedule</CardTitle>
          <CardDescription>Amounts are in {currency}, the customer's currency.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <CustomerField
            customer={customer}
            choice={customerChoice}
            error={errors.customer_id}
            newCustomerHref="/customers/new"
            onPick={(picked, option) => {
              setCustomerChoice(option);
              setCustomer(picked);
              if (picked) setCurrency(picked.default_currency);
            }}
          />
          <Field label="Title" optional hint="e.g. Maintenance contract" error={errors.title}>
            <Input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field label="Frequency" error={errors.frequency}>
            <NativeSelect value={frequency} onChange={(e) => setFrequency(e.target.value as Frequency)}>
              {Object.entries(FREQUENCY_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field
            label="First invoice on"
            hint={
              startDate && startDate < today
                ? 'In the past: the periods already due are invoiced at the next run.'
                : 'Then one per period from this day.'
            }
            error={errors.start_date}
          >
            <Input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
          </Field>
          <Field
            label="End date"
            optional
            hint="No period starting after it is invoiced. Empty: until you end it."
            error={errors.end_date}
          >
            <Input type="date" value={endDate} min={startDate} onChange={(e) => setEndDate(e.target.value)} />
          </Field>
          <Field
            label="Payment terms"
            optional
            hint={`Days after each issue; default ${customer?.payment_terms_days ?? defaultTermsDays}.`}
            error={errors.payment_terms_days}
          >
            <Input
              inputMode="numeric"
              value={terms}
              maxLength={3}
              onChange={(e) => setTerms(e.target.value)}
            />
          </Field>
          <div className="grid content-center">
            <CheckboxField
              id="recurring-auto-issue"
              label="Issue each invoice at once"
              description={
                canIssue
                  ? 'Otherwise each period leaves a draft to check and issue.'
                  : 'Otherwise each period leaves a draft for a manager to issue.'
              }
              checked={autoIssue}
              onChange={(e) => setAutoIssue(e.target.checked)}
            />
          </div>
        </CardContent>
      </Card>

      <LinesCard
        editor={rows}
        read={read}
        errors={errors}
        taxRates={taxRates}
        currency={currency}
        locale={locale}
        listLabel="Recurring invoice lines"
        onRemove={() => setErrors({})}
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_24rem]">
        <Card>
          <CardHeader>
            <CardTitle>Note</CardTitle>
          </CardHeader>
          <CardContent>
            <Field label="Note" optional hint="Printed on each invoice." error={errors.note}>
              <Textarea value={note} rows={3} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Each period</CardTitle>
            <CardDescription>What every invoice will total, VAT once per rate.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <TotalsBlock
              label="Totals per period"
              breakdown={read.totals.vatBreakdown.map((g) => ({
                key: `${g.vatCategory}:${g.vatRateBasisPoints}`,
                label: vatGroupLabel(g.vatCategory, g.vatRateBasisPoints, locale, g.exemptionReason),
                taxable: money(g.taxableMinor),
                tax: money(g.taxMinor),
              }))}
              net={money(read.totals.totals.netMinor)}
              tax={money(read.totals.totals.taxMinor)}
              gross={money(read.totals.totals.grossMinor)}
            />
          </CardContent>
        </Card>
      </div>

      <div className="sticky bottom-0 z-10 -mx-4 flex flex-wrap items-center justify-end gap-2 border-t bg-background/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6">
        <Button variant="ghost" asChild>
          <Link href="/recurring">Cancel</Link>
        </Button>
        <Button type="submit" pending={saving}>
          {saving ? 'Saving…' : 'Create recurring invoice'}
        </Button>
      </div>
    </EditorForm>
  );
}
