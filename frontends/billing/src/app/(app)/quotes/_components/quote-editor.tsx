'use client';
/**
 * @module quote-editor
 * The draft quote editor (new and edit): customer picker, title, validity, the lines of the
 * invoice editor (`LinesCard`: product picker, live line nets) and the live totals and VAT
 * breakdown, computed with the API's own rounding rules. "Save draft" creates (`POST /quotes`) or
 * replaces (`PATCH /quotes/{id}`, lines and all), then opens the quote, where it is sent.
 *
 * Keyboard: Enter in a line moves to the next line (adding one after the last); Ctrl+Enter (⌘+Enter)
 * saves the draft from anywhere in the form.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import {
  QuoteCreateSchema,
  QuoteUpdateSchema,
  type QuoteWithLines,
} from '@comptoir/contracts/billing/quotes';
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
import { addDays, formatDay, todayIn } from '@/lib/dates';
import { emptyLine, readLines, remapLineErrors, rowFromLine } from '@/lib/invoice-form';
import { formatMoney, vatGroupLabel } from '@/lib/money';
import { useSession } from '@/lib/session';
import { CustomerField, EditorForm } from '../../_components/editor-parts';
import { LinesCard, useLineRows } from '../../_components/line-editor';
import { customerOption } from '../../_components/pickers';
import { TotalsBlock } from '../../_components/totals-block';
import type { EditorCustomer } from '../../invoices/_components/invoice-editor';

/** Props of {@link QuoteEditor}. */
export interface QuoteEditorProps {
  /** The draft being edited; a new quote without it. */
  quote?: QuoteWithLines;
  /** Active tax rates, the default first. */
  taxRates: readonly TaxRate[];
  /** The draft's customer, or the one a new quote starts with (`?customer=`). */
  customer: EditorCustomer | null;
}

/** The editor; on save it opens the quote. */
export function QuoteEditor({ quote, taxRates, customer: initialCustomer }: QuoteEditorProps) {
  const router = useRouter();
  const { tenant } = useSession();
  const locale = tenant.locale;
  const formRef = useRef<HTMLFormElement>(null);

  const [savedId, setSavedId] = useState<string | null>(quote?.id ?? null);
  const [customer, setCustomer] = useState<EditorCustomer | null>(initialCustomer);
  const [customerChoice, setCustomerChoice] = useState<ComboboxOption | null>(
    initialCustomer ? customerOption(initialCustomer) : null,
  );
  const [currency, setCurrency] = useState(
    quote?.currency ?? initialCustomer?.default_currency ?? tenant.currency,
  );
  const rows = useLineRows(
    () =>
      quote && quote.lines.length > 0
        ? quote.lines.map((l) => rowFromLine(l, taxRates, quote.currency, locale))
        : [emptyLine(taxRates, locale)],
    taxRates,
    locale,
  );
  const [title, setTitle] = useState(quote?.title ?? '');
  const [validUntil, setValidUntil] = useState(quote?.valid_until ?? '');
  const [note, setNote] = useState(quote?.note ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const read = useMemo(() => readLines(rows.lines, taxRates, currency), [rows.lines, taxRates, currency]);
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const today = todayIn(tenant.time_zone);

  /** The request body, or null (errors shown) when something needs fixing first. */
  function build() {
    const found: FieldErrors = { ...read.errors };
    if (!customer) found.customer_id = 'Choose a customer';
    if (validUntil && validUntil < today) found.valid_until = 'This date has passed';
    const body = {
      customer_id: customer?.id ?? '',
      currency,
      title: title.trim() || null,
      lines: read.payload,
      valid_until: validUntil || null,
      note: note.trim() || null,
    };
    const parsed = savedId ? QuoteUpdateSchema.safeParse(body) : QuoteCreateSchema.safeParse(body);
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

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const body = build();
    if (!body) return;
    setSaving(true);
    const result = await apiRequest<QuoteWithLines>(
      savedId ? `/api/billing/quotes/${savedId}` : '/api/billing/quotes',
      { method: savedId ? 'PATCH' : 'POST', body },
    );
    if (!result.ok) {
      setSaving(false);
      setErrors(remapLineErrors(pathErrorsOf(result.problem), read.rowOf));
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    if (!savedId) {
      setSavedId(result.data.id);
      // The draft exists now: a reload or a second save edits it rather than creating another.
      window.history.replaceState(null, '', `/quotes/${result.data.id}/edit`);
    }
    router.push(`/quotes/${result.data.id}`);
    router.refresh();
  }

  return (
    <EditorForm formRef={formRef} onSubmit={onSubmit} message={message}>
      <Card>
        <CardHeader>
          <CardTitle>Customer and validity</CardTitle>
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
          <Field label="Title" optional hint="e.g. Kitchen renovation" error={errors.title}>
            <Input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field
            label="Valid until"
            optional
            hint={
              validUntil
                ? undefined
                : `Default: 30 days after sending (${formatDay(addDays(today, 30), locale)} if sent today).`
            }
            error={errors.valid_until}
          >
            <Input
              type="date"
              value={validUntil}
              min={today}
              onChange={(e) => setValidUntil(e.target.value)}
            />
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
        listLabel="Quote lines"
        onRemove={() => setErrors({})}
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_24rem]">
        <Card>
          <CardHeader>
            <CardTitle>Note</CardTitle>
          </CardHeader>
          <CardContent>
            <Field label="Note" optional hint="Printed on the quote." error={errors.note}>
              <Textarea value={note} rows={4} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Totals</CardTitle>
            <CardDescription>Computed as the quote will be: VAT once per rate.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <TotalsBlock
              label="Quote totals"
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
          <Link href={savedId ? `/quotes/${savedId}` : '/quotes'}>Cancel</Link>
        </Button>
        <Button type="submit" pending={saving}>
          {saving ? 'Saving…' : 'Save draft'}
        </Button>
      </div>
    </EditorForm>
  );
}
