'use client';
/**
 * @module invoice-editor
 * The draft invoice editor (new and edit): customer picker, lines with a product picker that
 * prefills description, unit, price and VAT rate, live totals and VAT breakdown computed with the
 * API's own rounding rules (`lib/totals`), due date or payment terms, references and note.
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
  Alert,
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
  NativeSelect,
  pathErrorsOf,
  pathErrorsOfIssues,
  Textarea,
} from '@comptoir/ui';
import { Plus, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import {
  applyProduct,
  emptyLine,
  type LineRow,
  parseDays,
  readLines,
  remapLineErrors,
  rowFromLine,
} from '@/lib/invoice-form';
import { issueProblems } from '@/lib/issue-problems';
import { formatMoney, UNIT_CODES, vatGroupLabel } from '@/lib/money';
import { useCan, useSession } from '@/lib/session';
import { CustomerPicker, customerOption, ProductPicker } from '../../_components/pickers';
import { IssueDialog, type IssueFailure } from './issue-dialog';
import { TotalsBlock } from './totals-block';

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
  const addButtonRef = useRef<HTMLButtonElement>(null);

  const [savedId, setSavedId] = useState<string | null>(invoice?.id ?? null);
  const [customer, setCustomer] = useState<EditorCustomer | null>(initialCustomer);
  const [customerChoice, setCustomerChoice] = useState<ComboboxOption | null>(
    initialCustomer ? customerOption(initialCustomer) : null,
  );
  const [currency, setCurrency] = useState(
    invoice?.currency ?? initialCustomer?.default_currency ?? tenant.currency,
  );
  const [lines, setLines] = useState<LineRow[]>(() =>
    invoice && invoice.lines.length > 0
      ? invoice.lines.map((l) => rowFromLine(l, taxRates, invoice.currency, locale))
      : [emptyLine(taxRates, locale)],
  );
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
  const [focusKey, setFocusKey] = useState<string | null>(null);

  const read = useMemo(() => readLines(lines, taxRates, currency), [lines, taxRates, currency]);
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const termsDays = parseDays(terms) ?? customer?.payment_terms_days ?? defaultTermsDays;

  // A line added from the keyboard or the button gets the focus.
  useEffect(() => {
    if (!focusKey) return;
    document.getElementById(`${focusKey}-description`)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const setLine = (index: number, patch: Partial<LineRow>) =>
    setLines((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  function addLine() {
    const row = emptyLine(taxRates, locale);
    setLines((rows) => [...rows, row]);
    setFocusKey(row.key);
  }

  function removeLine(index: number) {
    setLines((rows) => {
      const next = rows.filter((_, i) => i !== index);
      return next.length > 0 ? next : [emptyLine(taxRates, locale)];
    });
    setErrors({});
    addButtonRef.current?.focus();
  }

  function onLineKeyDown(event: KeyboardEvent<HTMLFieldSetElement>, index: number) {
    if (event.defaultPrevented || event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
    if (!(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    const next = lines[index + 1];
    if (next) document.getElementById(`${next.key}-description`)?.focus();
    else addLine();
  }

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

  const rateName = (id: string) => taxRates.find((r) => r.id === id);

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="grid grid-cols-1 gap-6 pb-2"
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          formRef.current?.requestSubmit();
        }
      }}
    >
      {message ? <Alert variant="error">{message}</Alert> : null}

      <Card>
        <CardHeader>
          <CardTitle>Customer and dates</CardTitle>
          <CardDescription>Amounts are in {currency}, the customer's currency.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field
            label="Customer"
            error={errors.customer_id}
            className="sm:col-span-2"
            hint={
              customer ? (
                <Link href={`/customers/${customer.id}`} className="underline-offset-4 hover:underline">
                  Open {customer.legal_name}
                </Link>
              ) : (
                <Link href="/customers/new?then=invoice" className="underline-offset-4 hover:underline">
                  Not there yet? Add a customer
                </Link>
              )
            }
          >
            <CustomerPicker
              value={customerChoice}
              onPick={(picked, option) => {
                setCustomerChoice(option);
                setCustomer(picked);
                if (picked) setCurrency(picked.default_currency);
              }}
            />
          </Field>
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

      <Card>
        <CardHeader>
          <CardTitle>Lines</CardTitle>
          <CardDescription>
            Pick a product to fill a line, or type it. Enter moves to the next line; Ctrl+Enter saves.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {errors.lines ? <Alert variant="error">{errors.lines}</Alert> : null}
          <div
            aria-hidden="true"
            className="hidden gap-2 px-0 font-medium text-muted-foreground text-xs xl:grid xl:grid-cols-[11rem_minmax(10rem,1fr)_5.5rem_7rem_7.5rem_8.5rem_7rem_2.5rem]"
          >
            <span>Product</span>
            <span>Description</span>
            <span>Quantity</span>
            <span>Unit</span>
            <span>Unit price</span>
            <span>VAT</span>
            <span className="text-right">Net</span>
            <span />
          </div>
          <ol className="grid gap-3" aria-label="Invoice lines">
            {lines.map((row, index) => {
              const n = index + 1;
              const at = (field: string) => errors[`lines.${index}.${field}`];
              const label = (text: string) => (
                <>
                  <span className="xl:sr-only">{text}</span>
                  <span className="sr-only"> (line {n})</span>
                </>
              );
              const net = read.lineNets[index];
              return (
                <li key={row.key}>
                  <fieldset
                    onKeyDown={(event) => onLineKeyDown(event, index)}
                    className="grid grid-cols-2 items-start gap-2 rounded-lg border p-3 md:grid-cols-6 xl:grid-cols-[11rem_minmax(10rem,1fr)_5.5rem_7rem_7.5rem_8.5rem_7rem_2.5rem] xl:rounded-none xl:border-0 xl:p-0"
                  >
                    <legend className="sr-only">Line {n}</legend>
                    <Field
                      label={label('Product')}
                      error={at('product_id')}
                      className="col-span-2 xl:col-span-1 xl:gap-0"
                    >
                      <ProductPicker
                        value={row.product_id ? { value: row.product_id, label: row.product_label } : null}
                        onPick={(product) => {
                          if (product) setLine(index, applyProduct(row, product, currency, locale));
                          else setLine(index, { product_id: null, product_label: '' });
                        }}
                      />
                    </Field>
                    <Field
                      label={label('Description')}
                      error={at('description') ?? errors[`lines.${index}`]}
                      className="col-span-2 md:col-span-4 xl:col-span-1 xl:gap-0"
                    >
                      <Input
                        id={`${row.key}-description`}
                        value={row.description}
                        maxLength={1000}
                        autoComplete="off"
                        onChange={(e) => setLine(index, { description: e.target.value })}
                      />
                    </Field>
                    <Field label={label('Quantity')} error={at('quantity_milli')} className="xl:gap-0">
                      <Input
                        inputMode="decimal"
                        autoComplete="off"
                        value={row.quantity}
                        maxLength={20}
                        className="text-right tabular-nums"
                        onChange={(e) => setLine(index, { quantity: e.target.value })}
                      />
                    </Field>
                    <Field label={label('Unit')} error={at('unit_code')} className="xl:gap-0">
                      <NativeSelect
                        value={row.unit_code}
                        onChange={(e) => setLine(index, { unit_code: e.target.value })}
                      >
                        {UNIT_CODES.map((u) => (
                          <option key={u.code} value={u.code}>
                            {u.label}
                          </option>
                        ))}
                        {UNIT_CODES.some((u) => u.code === row.unit_code) ? null : (
                          <option value={row.unit_code}>{row.unit_code}</option>
                        )}
                      </NativeSelect>
                    </Field>
                    <Field label={label('Unit price')} error={at('unit_price_minor')} className="xl:gap-0">
                      <Input
                        inputMode="decimal"
                        autoComplete="off"
                        placeholder="0,00"
                        value={row.unit_price}
                        maxLength={30}
                        className="text-right tabular-nums"
                        onChange={(e) => setLine(index, { unit_price: e.target.value })}
                      />
                    </Field>
                    <Field label={label('VAT rate')} error={at('tax_rate_id')} className="xl:gap-0">
                      <NativeSelect
                        value={row.tax_rate_id}
                        onChange={(e) => setLine(index, { tax_rate_id: e.target.value })}
                      >
                        {row.tax_rate_id && !rateName(row.tax_rate_id) ? (
                          <option value={row.tax_rate_id}>Archived rate</option>
                        ) : null}
                        {row.tax_rate_id ? null : <option value="">Choose…</option>}
                        {taxRates.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.name}
                          </option>
                        ))}
                      </NativeSelect>
                    </Field>
                    <div className="grid gap-1.5 self-center md:self-end xl:self-center">
                      <span className="text-muted-foreground text-xs xl:sr-only">Net</span>
                      <span className="h-10 content-center text-right font-medium tabular-nums">
                        <span className="sr-only">Net of line {n}: </span>
                        {net === null || net === undefined ? '—' : money(net)}
                      </span>
                    </div>
                    <div className="flex items-end justify-end self-end xl:self-center">
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove line ${n}`}
                        onClick={() => removeLine(index)}
                      >
                        <Trash2 aria-hidden="true" />
                      </Button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <div>
            <Button ref={addButtonRef} variant="outline" size="sm" onClick={addLine}>
              <Plus aria-hidden="true" />
              Add line
            </Button>
          </div>
        </CardContent>
      </Card>

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
    </form>
  );
}
