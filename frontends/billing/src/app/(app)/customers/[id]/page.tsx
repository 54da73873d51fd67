/**
 * A customer: its billing identity, what it owes and the credit it holds (per currency), its
 * invoices and credit notes, and its SEPA direct debit mandates.
 */
import type { Customer } from '@comptoir/contracts/billing/customers';
import type { CustomerBalanceSchema, Invoice } from '@comptoir/contracts/billing/invoices';
import type { SepaMandate } from '@comptoir/contracts/billing/sepa';
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  PageHeader,
} from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft, FilePen, FileText, Pencil, Plus } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { load, requireMe } from '@/lib/api';
import { formatMoney } from '@/lib/money';
import { InvoiceTable } from '../../_components/invoice-table';
import { ArchiveButton } from './_components/archive-button';
import { MandatesPanel } from './_components/mandates-panel';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const customer = await load<Customer>(`/customers/${id}`);
  return { title: customer.ok ? customer.data.legal_name : 'Customer' };
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground text-xs">{term}</dt>
      <dd className="text-sm">{children ?? '—'}</dd>
    </div>
  );
}

const INVOICES_SHOWN = 10;

export default async function CustomerPage({ params }: { params: Params }) {
  const { id } = await params;
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const [loaded, balance, invoices, mandates] = await Promise.all([
    load<Customer>(`/customers/${id}`, undefined, { notFoundOn404: true }),
    load<z.infer<typeof CustomerBalanceSchema>>(`/customers/${id}/balance`),
    load<{ data: Invoice[]; next_cursor: string | null }>('/invoices', {
      customer_id: id,
      limit: INVOICES_SHOWN,
    }),
    can(me, 'sepa:read') ? load<{ data: SepaMandate[] }>('/sepa/mandates', { customer_id: id }) : null,
  ]);
  if (!loaded.ok) {
    return (
      <Alert variant="error" title="This customer could not be loaded">
        {loaded.message}
      </Alert>
    );
  }
  const c = loaded.data;
  const address = [
    c.address_line1,
    c.address_line2,
    [c.postal_code, c.city].filter(Boolean).join(' '),
    c.country_code,
  ].filter(Boolean);
  const balances = balance.ok ? balance.data.data : [];
  const canInvoice = can(me, 'invoices:create') && !c.archived_at;

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/customers" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Customers
          </Link>
        }
        title={c.legal_name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge variant="secondary">{c.kind === 'business' ? 'Business' : 'Individual'}</Badge>
            {c.archived_at ? <Badge variant="outline">Archived</Badge> : null}
            {c.trading_name ? <span>{c.trading_name}</span> : null}
          </span>
        }
        actions={
          <>
            {can(me, 'customers:update') ? (
              <Button variant="outline" asChild>
                <Link href={`/customers/${id}/edit`}>
                  <Pencil aria-hidden="true" />
                  Edit
                </Link>
              </Button>
            ) : null}
            <ArchiveButton id={id} name={c.legal_name} archived={Boolean(c.archived_at)} />
            {can(me, 'quotes:create') && !c.archived_at ? (
              <Button variant="outline" asChild>
                <Link href={`/quotes/new?customer=${id}`}>
                  <FilePen aria-hidden="true" />
                  New quote
                </Link>
              </Button>
            ) : null}
            {canInvoice ? (
              <Button asChild>
                <Link href={`/invoices/new?customer=${id}`}>
                  <Plus aria-hidden="true" />
                  New invoice
                </Link>
              </Button>
            ) : null}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 content-start gap-6 lg:col-span-2">
          <Card>
            <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
              <CardTitle>Invoices</CardTitle>
              {invoices.ok && invoices.data.next_cursor ? (
                <Button variant="link" asChild>
                  <Link href={`/invoices?customer=${id}`}>See every invoice</Link>
                </Button>
              ) : null}
            </CardHeader>
            <CardContent>
              {!invoices.ok ? (
                <Alert variant="error">{invoices.message}</Alert>
              ) : invoices.data.data.length === 0 ? (
                <EmptyState
                  headingLevel={3}
                  icon={<FileText />}
                  title="No invoices yet"
                  description={`Invoices and credit notes of ${c.legal_name} will be listed here.`}
                  action={
                    canInvoice ? (
                      <Button asChild>
                        <Link href={`/invoices/new?customer=${id}`}>New invoice</Link>
                      </Button>
                    ) : null
                  }
                />
              ) : (
                <InvoiceTable
                  invoices={invoices.data.data}
                  locale={locale}
                  label={`Invoices of ${c.legal_name}`}
                  hideCustomer
                />
              )}
            </CardContent>
          </Card>
          {mandates ? (
            <Card>
              <CardHeader>
                <CardTitle>SEPA mandates</CardTitle>
                <CardDescription>
                  Authorisations to collect this customer's invoices by direct debit.
                </CardDescription>
              </CardHeader>
              <CardContent>
                {mandates.ok ? (
                  <MandatesPanel
                    customerId={id}
                    customerName={c.legal_name}
                    mandates={mandates.data.data}
                    archived={Boolean(c.archived_at)}
                  />
                ) : (
                  <Alert variant="error">{mandates.message}</Alert>
                )}
              </CardContent>
            </Card>
          ) : null}
        </div>
        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Balance</CardTitle>
            </CardHeader>
            <CardContent>
              {!balance.ok ? (
                <Alert variant="error">{balance.message}</Alert>
              ) : (
                <dl aria-label="Balance" className="grid gap-3">
                  {(balances.length > 0
                    ? balances
                    : [{ currency: c.default_currency, outstanding_minor: 0, credit_minor: 0 }]
                  ).map((b) => (
                    <div key={b.currency} className="grid grid-cols-2 gap-3">
                      <Detail term={`Outstanding${balances.length > 1 ? ` (${b.currency})` : ''}`}>
                        <span className="font-semibold text-base tabular-nums">
                          {formatMoney(b.outstanding_minor, b.currency, locale)}
                        </span>
                      </Detail>
                      <Detail term="Credit held">
                        <span className="font-semibold text-base tabular-nums">
                          {formatMoney(b.credit_minor, b.currency, locale)}
                        </span>
                      </Detail>
                    </div>
                  ))}
                </dl>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-3">
                <Detail term="Email">
                  {c.email ? (
                    <a href={`mailto:${c.email}`} className="underline-offset-4 hover:underline">
                      {c.email}
                    </a>
                  ) : null}
                </Detail>
                <Detail term="Address">
                  <span className="whitespace-pre-line">{address.join('\n')}</span>
                  {c.address_line1 && c.postal_code && c.city ? null : (
                    <span className="mt-1 block text-warning text-xs">
                      Street, postal code and city are needed before issuing an invoice.
                    </span>
                  )}
                </Detail>
                <Detail term="VAT number">{c.vat_number}</Detail>
                <Detail term="SIREN / SIRET">{[c.siren, c.siret].filter(Boolean).join(' / ') || null}</Detail>
                <Detail term="Payment terms">
                  {c.payment_terms_days === null ? 'Your default terms' : `${c.payment_terms_days} days`}
                </Detail>
                <Detail term="Currency">{c.default_currency}</Detail>
                {c.notes ? (
                  <Detail term="Notes">
                    <span className="whitespace-pre-line">{c.notes}</span>
                  </Detail>
                ) : null}
              </dl>
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
