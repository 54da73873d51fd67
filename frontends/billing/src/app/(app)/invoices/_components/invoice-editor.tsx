'use client';
/**
 * @module invoice-editor
 * The draft invoice editor (new and edit): customer picker, lines (the shared `LinesCard`: a
 * product picker prefills description, unit, price and VAT rate), live totals and VAT breakdown
 * computed with the API's own rounding rules (`lib/totals`), due date or payment terms,
 * references and note.
 * "Save draft" creates (`POST /invoices`) or replaces (`PATCH /invoices/{id}`, lines and all);
 * "Issue invoice" saves, confirms and issues (`POST /invoices/{id}/issue`).
 *
 * Keyboard: Enter in a line moves to the next line (adding one after the last); Ctrl+Enter (⌘+Enter)
 * saves the draft from anywhere in the form.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { Customer } from '@comptoir/contracts/billing/customers';
import {
  InvoiceCreateSchema,
  InvoiceUpdateSchema,
  type InvoiceWithLines,
} from '@comptoir/contracts/billing/invoices';
import {
  apiRequest,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  type ComboboxOption,
  Field,
  type FieldErrors,
  focusFirstInvalid,
  Input,
  pathErrorsOf,
  pathErrorsOfIssues,
  Textarea,
} from '@comptoir/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { emptyLine, parseDays, readLines, remapLineErrors, rowFromLine } from '@/lib/invoice-form';
import { issueProblems } from '@/lib/issue-problems';
import { formatMoney, vatGroupLabel } from '@/lib/money';
import { useCan, useSession } from '@/lib/session';
import { CustomerField, EditorForm } from '../../_components/editor-parts';
import { LinesCard, useLineRows } from '../../_components/line-editor';
import { customerOption } from '../../_components/pickers';
import { TotalsBlock } from '../../_components/totals-block';
import { IssueDialog, type IssueFailure } from './issue-dialog';

/** The customer fields the editor uses. */
export type EditorCustomer = Pick<
  Customer,
  'id' | 'legal_name' | 'email' | 'city' | 'default_currency' | 'payment_terms_days'
>;

/** Props of {@link InvoiceEditor}. */
export interface InvoiceEditorProps {
  /** The draft being edited; a new invoice without it. */
  invoice?: InvoiceWithLines;
  /** Active tax rates, the default first. */
  taxRates: readonly TaxRate[];
  /** The draft's customer, or the one a new invoice starts with (`?customer=`). */
  customer: EditorCustomer | null;
  /** The tenant's default payment terms, days. */
  defaultTermsDays: number;
}

/** The editor; on save it opens the draft, on issue the issued invoice. */
export function InvoiceEditor({
  invoice,
  taxRates,
  customer: initialCustomer,
  defaultTermsDays,
}: InvoiceEditorProps) {
  const router = useRouter();
  const { tenant } = useSession();
  const canIssue = useCan('invoices:issue');
  const locale = tenant.locale;
  const formRef = useRef<HTMLFormElement>(null);

  const [savedId, setSavedId] = useState<string | null>(invoice?.id ?? null);
  const [customer, setCustomer] = useState<EditorCustomer | null>(initialCustomer);
  const [customerChoice, setCustomerChoice] = useState<ComboboxOption | null>(
    initialCustomer ? customerOption(initialCustomer) : null,
  );
  const [currency, setCurrency] = useState(
    invoice?.currency ?? initialCustomer?.default_currency ?? tenant.currency,
  );
  const rows = useLineRows(
    () =>
      invoice && invoice.lines.length > 0
        ? invoice.lines.map((l) => rowFromLine(l, taxRates, invoice.currency, locale))
        : [emptyLine(taxRates, locale)],
    taxRates,
    locale,
  );
  const lines = rows.lines;
  const [terms, setTerms] = useState(
    invoice?.payment_terms_days === null || invoice?.payment_terms_days === undefined
      ? ''
      : String(invoice.payment_terms_days),
  );
  const [dueDate, setDueDate] = useState(invoice?.due_date ?? '');
  const [deliveryDate, setDeliveryDate] = useState(invoice?.delivery_date ?? '');
  const [buyerReference, setBuyerReference] = useState(invoice?.buyer_reference ?? '');
  const [orderReference, setOrderReference] = useState(invoice?.purchase_order_reference ?? '');
  const [note, setNote] = useState(invoice?.note ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [issueOpen, setIssueOpen] = useState(false);

  const read = useMemo(() => readLines(lines, taxRates, currency), [lines, taxRates, currency]);
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const termsDays = parseDays(terms) ?? customer?.payment_terms_days ?? defaultTermsDays;

  /** The request body, or null (errors shown) when something needs fixing first. */
  function build() {
    const found: FieldErrors = { ...read.errors };
    if (!customer) found.customer_id = 'Choose a customer';
    const days = parseDays(terms);
    if (days === undefined) found.payment_terms_days = 'Enter a number of days from 0 to 365';
    const body = {
      customer_id: customer?.id ?? '',
      currency,
      lines: read.payload,
      payment_terms_days: days ?? null,
      due_date: dueDate || null,
      delivery_date: deliveryDate || null,
      buyer_reference: buyerReference.trim() || null,
      purchase_order_reference: orderReference.trim() || null,
      note: note.trim() || null,
    };
    const parsed = savedId ? InvoiceUpdateSchema.safeParse(body) : InvoiceCreateSchema.safeParse(body);
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
      return null;
    }
    setErrors({});
    setMessage(null);
    return body;
  }

  /** Saves the draft; resolves to its id, or null when it could not be saved (errors shown). */
  async function save(): Promise<string | null> {
    const body = build();
    if (!body) return null;
    setSaving(true);
    const result = await apiRequest<InvoiceWithLines>(
      savedId ? `/api/billing/invoices/${savedId}` : '/api/billing/invoices',
      { method: savedId ? 'PATCH' : 'POST', body },
    );
    setSaving(false);
    if (!result.ok) {
      setErrors(remapLineErrors(pathErrorsOf(result.problem), read.rowOf));
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return null;
    }
    if (!savedId) {
      setSavedId(result.data.id);
      // The draft exists now: a reload or a second save edits it rather than creating another.
      window.history.replaceState(null, '', `/invoices/${result.data.id}/edit`);
    }
    return result.data.id;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const id = await save();
    if (!id) return;
    router.push(`/invoices/${id}`);
    router.refresh();
  }

  async function issue(issueDate: string): Promise<IssueFailure | null> {
    const id = await save();
    if (!id) return { message: 'The draft could not be saved: see the fields marked in red.', problems: [] };
    const result = await apiRequest<InvoiceWithLines>(`/api/billing/invoices/${id}/issue`, {
      method: 'POST',
      body: { issue_date: issueDate },
    });
    if (!result.ok) {
      setErrors(remapLineErrors(pathErrorsOf(result.problem), read.rowOf));
      return { message: result.message, problems: issueProblems(result.problem, customer?.id ?? null) };
    }
    router.push(`/invoices/${id}`);
    router.refresh();
    return null;
  }

  return (
    <EditorForm formRef={formRef} onSubmit={onSubmit} message={message}>
      <Card>
        <CardHeader>
          <CardTitle>Customer and dates</CardTitle>
          <CardDescription>Amounts are in {currency}, the customer's currency.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <CustomerField
            customer={customer}
            choice={customerChoice}
            error={errors.customer_id}
            newCustomerHref="/customers/new?then=invoice"
            onPick={(picked, option) => {
              setCustomerChoice(option);
              setCustomer(picked);
              if (picked) setCurrency(picked.default_currency);
            }}
          />
          <Field
            label="Payment terms"
            optional
            hint={dueDate ? 'The due date below wins.' : `Due ${termsDays} days after the issue date.`}
            error={errors.payment_terms_days}
          >
            <Input
              inputMode="numeric"
              placeholder={`${customer?.payment_terms_days ?? defaultTermsDays} days`}
              value={terms}
              maxLength={3}
              onChange={(e) => setTerms(e.target.value)}
            />
          </Field>
          <Field label="Due date" optional hint="Leave empty to use the terms." error={errors.due_date}>
            <Input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
          </Field>
        </CardContent>
      </Card>

      <LinesCard
        editor={rows}
        read={read}
        errors={errors}
        taxRates={taxRates}
        currency={currency}
        locale={locale}
        listLabel="Invoice lines"
        onRemove={() => setErrors({})}
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_24rem]">
        <Card>
          <CardHeader>
            <CardTitle>References and note</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <Field label="Buyer reference" optional error={errors.buyer_reference}>
              <Input
                value={buyerReference}
                maxLength={100}
                onChange={(e) => setBuyerReference(e.target.value)}
              />
            </Field>
            <Field label="Purchase order" optional error={errors.purchase_order_reference}>
              <Input
                value={orderReference}
                maxLength={100}
                onChange={(e) => setOrderReference(e.target.value)}
              />
            </Field>
            <Field label="Delivery date" optional error={errors.delivery_date}>
              <Input type="date" value={deliveryDate} onChange={(e) => setDeliveryDate(e.target.value)} />
            </Field>
            <Field
              label="Note"
              optional
              hint="Printed on the invoice."
              error={errors.note}
              className="sm:col-span-2"
            >
              <Textarea value={note} rows={3} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Totals</CardTitle>
            <CardDescription>Computed as the invoice will be: VAT once per rate.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <TotalsBlock
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
          <Link href={savedId ? `/invoices/${savedId}` : '/invoices'}>Cancel</Link>
        </Button>
        <Button type="submit" variant={canIssue ? 'outline' : 'primary'} pending={saving && !issueOpen}>
          {saving && !issueOpen ? 'Saving…' : 'Save draft'}
        </Button>
        {canIssue ? (
          <Button
            onClick={() => {
              if (build()) setIssueOpen(true);
            }}
          >
            Issue invoice
          </Button>
        ) : null}
      </div>
      <IssueDialog open={issueOpen} onOpenChange={setIssueOpen} onIssue={issue} />
    </EditorForm>
  );
}
