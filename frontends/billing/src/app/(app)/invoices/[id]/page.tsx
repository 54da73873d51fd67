/**
 * An invoice or credit note: status, number, customer and amounts; its lines and VAT breakdown;
 * the actions its state allows; payments; the reminders dunning sent; the credit notes of an
 * invoice or the invoice a credit note cancels; the quote it came from; and, once issued, its PDF
 * and Factur-X XML.
 */
import type { DunningEvent } from '@comptoir/contracts/billing/dunning';
import type { Invoice, InvoiceWithLines, Payment } from '@comptoir/contracts/billing/invoices';
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { load, requireMe } from '@/lib/api';
import { formatDay, formatInstant } from '@/lib/dates';
import { documentTitle } from '@/lib/invoice-status';
import { formatMoney, vatGroupLabel } from '@/lib/money';
import { DocumentPanel } from '../../_components/document-panel';
import { LinesTable } from '../../_components/lines-table';
import { InvoiceStatusBadges } from '../../_components/status-badge';
import { TotalsBlock } from '../../_components/totals-block';
import { DunningTimeline } from './_components/dunning-timeline';
import { InvoiceActions } from './_components/invoice-actions';
import { PaymentsList } from './_components/payments-list';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const invoice = await load<InvoiceWithLines>(`/invoices/${id}`);
  return { title: invoice.ok ? documentTitle(invoice.data) : 'Invoice' };
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}

export default async function InvoicePage({ params }: { params: Params }) {
  const { id } = await params;
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const loaded = await load<InvoiceWithLines>(`/invoices/${id}`, undefined, { notFoundOn404: true });
  if (!loaded.ok) {
    return (
      <Alert variant="error" title="This invoice could not be loaded">
        {loaded.message}
      </Alert>
    );
  }
  const invoice = loaded.data;
  const issued = invoice.status !== 'draft';
  const dunned = issued && invoice.kind === 'invoice' && can(me, 'dunning:read');
  const [payments, creditNotes, credited, dunning] = await Promise.all([
    issued && invoice.kind === 'invoice' && can(me, 'payments:read')
      ? load<{ data: Payment[] }>(`/invoices/${id}/payments`)
      : null,
    issued && invoice.kind === 'invoice'
      ? load<{ data: Invoice[] }>('/invoices', {
          kind: 'credit_note',
          customer_id: invoice.customer_id,
          limit: 100,
        })
      : null,
    invoice.credited_invoice_id ? load<InvoiceWithLines>(`/invoices/${invoice.credited_invoice_id}`) : null,
    dunned ? load<{ data: DunningEvent[] }>(`/invoices/${id}/dunning`) : null,
  ]);
  const money = (minor: number) => formatMoney(minor, invoice.currency, locale);
  const notes = creditNotes?.ok ? creditNotes.data.data.filter((n) => n.credited_invoice_id === id) : [];
  const title = documentTitle(invoice);

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/invoices" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Invoices
          </Link>
        }
        title={title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <InvoiceStatusBadges invoice={invoice} />
            <Link
              href={`/customers/${invoice.customer_id}`}
              className="font-medium text-foreground underline-offset-4 hover:underline"
            >
              {invoice.customer_name}
            </Link>
            {invoice.issue_date ? <span>issued {formatDay(invoice.issue_date, locale)}</span> : null}
          </span>
        }
        actions={<InvoiceActions invoice={invoice} />}
      />

      {invoice.kind === 'credit_note' && credited?.ok ? (
        <Alert>
          This credit note cancels{' '}
          <Link href={`/invoices/${credited.data.id}`}>{documentTitle(credited.data)}</Link>.
        </Alert>
      ) : null}
      {invoice.quote_id ? (
        <Alert>
          Made from a <Link href={`/quotes/${invoice.quote_id}`}>quote</Link>.
        </Alert>
      ) : null}
      {notes.length > 0 ? (
        <Alert>
          Credited by{' '}
          {notes.map((n, i) => (
            <span key={n.id}>
              {i > 0 ? ', ' : ''}
              <Link href={`/invoices/${n.id}`}>{documentTitle(n)}</Link> ({money(n.gross_minor)})
            </span>
          ))}
          .
        </Alert>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 content-start gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Lines</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-6">
              {invoice.lines.length === 0 ? (
                <p className="text-muted-foreground text-sm">
                  No lines yet.{' '}
                  {invoice.status === 'draft' ? (
                    <Link href={`/invoices/${id}/edit`} className="underline">
                      Add some
                    </Link>
                  ) : null}
                </p>
              ) : (
                <LinesTable lines={invoice.lines} currency={invoice.currency} locale={locale} />
              )}
              <TotalsBlock
                className="w-full sm:ml-auto sm:max-w-sm"
                breakdown={invoice.vat_breakdown.map((g) => ({
                  key: `${g.vat_category}:${g.vat_rate_basis_points}`,
                  label: vatGroupLabel(g.vat_category, g.vat_rate_basis_points, locale, g.exemption_reason),
                  taxable: money(g.taxable_minor),
                  tax: money(g.tax_minor),
                }))}
                net={money(invoice.net_minor)}
                tax={money(invoice.tax_minor)}
                gross={money(invoice.gross_minor)}
              />
              {invoice.note ? (
                <div className="grid gap-1 text-sm">
                  <h3 className="font-medium">Note</h3>
                  <p className="whitespace-pre-line text-muted-foreground">{invoice.note}</p>
                </div>
              ) : null}
              {invoice.legal_mentions.length > 0 ? (
                <div className="grid gap-1 text-sm">
                  <h3 className="font-medium">Legal mentions</h3>
                  <ul className="grid gap-1 text-muted-foreground text-xs">
                    {invoice.legal_mentions.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </CardContent>
          </Card>
          {issued && invoice.number ? (
            <Card>
              <CardHeader>
                <CardTitle>Document</CardTitle>
                <CardDescription>
                  Factur-X PDF (PDF/A-3 with its EN 16931 XML inside), as sent to the customer.
                </CardDescription>
              </CardHeader>
              <CardContent>
                <DocumentPanel
                  pdfPath={`/api/billing/invoices/${id}/pdf`}
                  xmlPath={`/api/billing/invoices/${id}/factur-x.xml`}
                  number={invoice.number}
                />
              </CardContent>
            </Card>
          ) : null}
        </div>

        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Amounts</CardTitle>
            </CardHeader>
            <CardContent>
              <dl aria-label="Amounts" className="grid text-sm">
                <Detail term="Total incl. VAT">{money(invoice.gross_minor)}</Detail>
                {invoice.kind === 'invoice' && invoice.status !== 'draft' ? (
                  <>
                    <Detail term="Paid">{money(invoice.paid_minor)}</Detail>
                    {invoice.credited_minor > 0 ? (
                      <Detail term="Credited">{money(invoice.credited_minor)}</Detail>
                    ) : null}
                    <div className="mt-1 flex justify-between gap-4 border-t pt-2 font-semibold text-base">
                      <dt>Balance due</dt>
                      <dd className="tabular-nums">{money(invoice.balance_due_minor)}</dd>
                    </div>
                  </>
                ) : null}
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid text-sm">
                <Detail term="Customer">
                  <Link
                    href={`/customers/${invoice.customer_id}`}
                    className="underline-offset-4 hover:underline"
                  >
                    {invoice.customer_name}
                  </Link>
                </Detail>
                <Detail term="Issue date">{formatDay(invoice.issue_date, locale)}</Detail>
                {invoice.kind === 'invoice' ? (
                  <Detail term="Due date">
                    {invoice.due_date
                      ? formatDay(invoice.due_date, locale)
                      : invoice.payment_terms_days !== null
                        ? `${invoice.payment_terms_days} days after issue`
                        : 'Set at issue'}
                  </Detail>
                ) : null}
                {invoice.delivery_date ? (
                  <Detail term="Delivery date">{formatDay(invoice.delivery_date, locale)}</Detail>
                ) : null}
                {invoice.buyer_reference ? (
                  <Detail term="Buyer reference">{invoice.buyer_reference}</Detail>
                ) : null}
                {invoice.purchase_order_reference ? (
                  <Detail term="Purchase order">{invoice.purchase_order_reference}</Detail>
                ) : null}
                <Detail term="Currency">{invoice.currency}</Detail>
                {invoice.issued_at ? (
                  <Detail term="Issued at">
                    {formatInstant(invoice.issued_at, { locale, time_zone: me.tenant.time_zone })}
                  </Detail>
                ) : (
                  <Detail term="Created">
                    {formatInstant(invoice.created_at, { locale, time_zone: me.tenant.time_zone })}
                  </Detail>
                )}
              </dl>
            </CardContent>
          </Card>
          {payments ? (
            <Card>
              <CardHeader>
                <CardTitle>Payments</CardTitle>
              </CardHeader>
              <CardContent>
                {payments.ok ? (
                  <PaymentsList payments={payments.data.data} />
                ) : (
                  <Alert variant="error">{payments.message}</Alert>
                )}
              </CardContent>
            </Card>
          ) : null}
          {dunning ? (
            <Card>
              <CardHeader>
                <CardTitle>Dunning</CardTitle>
                <CardDescription>Reminders sent for this invoice, oldest first.</CardDescription>
              </CardHeader>
              <CardContent>
                {dunning.ok ? (
                  <DunningTimeline
                    events={dunning.data.data}
                    currency={invoice.currency}
                    tenant={{ locale, time_zone: me.tenant.time_zone }}
                    dueDate={invoice.due_date}
                    state={
                      invoice.disputed
                        ? 'disputed'
                        : invoice.status === 'overdue'
                          ? 'overdue'
                          : invoice.balance_due_minor > 0
                            ? 'due'
                            : 'settled'
                    }
                  />
                ) : (
                  <Alert variant="error">{dunning.message}</Alert>
                )}
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
