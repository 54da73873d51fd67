/**
 * A quote: status, number, customer and validity; its lines, VAT breakdown and totals; the
 * actions its state allows (edit, delete, send, record the answer, convert to an invoice); the
 * CRM deal it was drafted from and the invoice it became; once sent, its PDF.
 */
import type { QuoteWithLines } from '@comptoir/contracts/billing/quotes';
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  PageHeader,
} from '@comptoir/ui';
import { ChevronLeft, ExternalLink, FileText } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { env } from '@/env';
import { load, requireMe } from '@/lib/api';
import { crmDealUrl } from '@/lib/app-links';
import { formatDay, formatInstant } from '@/lib/dates';
import { formatMoney, vatGroupLabel } from '@/lib/money';
import { quoteStatusDisplay, quoteTitle } from '@/lib/quote-status';
import { DocumentPanel } from '../../_components/document-panel';
import { LinesTable } from '../../_components/lines-table';
import { TotalsBlock } from '../../_components/totals-block';
import { QuoteActions } from './_components/quote-actions';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const quote = await load<QuoteWithLines>(`/quotes/${id}`);
  return { title: quote.ok ? quoteTitle(quote.data) : 'Quote' };
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}

export default async function QuotePage({ params }: { params: Params }) {
  const { id } = await params;
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const tenant = { locale, time_zone: me.tenant.time_zone };
  const loaded = await load<QuoteWithLines>(`/quotes/${id}`, undefined, { notFoundOn404: true });
  if (!loaded.ok) {
    return (
      <Alert variant="error" title="This quote could not be loaded">
        {loaded.message}
      </Alert>
    );
  }
  const quote = loaded.data;
  const money = (minor: number) => formatMoney(minor, quote.currency, locale);
  const status = quoteStatusDisplay(quote.status);
  const title = quoteTitle(quote);

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/quotes" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Quotes
          </Link>
        }
        title={title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge variant={status.tone}>{status.label}</Badge>
            <Link
              href={`/customers/${quote.customer_id}`}
              className="font-medium text-foreground underline-offset-4 hover:underline"
            >
              {quote.customer_name}
            </Link>
            {quote.title ? <span>{quote.title}</span> : null}
          </span>
        }
        actions={
          <>
            {quote.invoice_id ? (
              <Button variant="outline" asChild>
                <Link href={`/invoices/${quote.invoice_id}`}>
                  <FileText aria-hidden="true" />
                  Open the invoice
                </Link>
              </Button>
            ) : null}
            <QuoteActions quote={quote} />
          </>
        }
      />

      {quote.status === 'expired' ? (
        <Alert variant="warning" title={`This quote expired on ${formatDay(quote.valid_until, locale)}`}>
          It can no longer be accepted. Write a new quote to make another offer.
        </Alert>
      ) : null}
      {quote.invoice_id ? (
        <Alert variant="success">
          This quote became an <Link href={`/invoices/${quote.invoice_id}`}>invoice</Link>.
        </Alert>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 content-start gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Lines</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-6">
              {quote.lines.length === 0 ? (
                <p className="text-muted-foreground text-sm">
                  No lines yet.{' '}
                  {quote.status === 'draft' ? (
                    <Link href={`/quotes/${id}/edit`} className="underline">
                      Add some
                    </Link>
                  ) : null}
                </p>
              ) : (
                <LinesTable lines={quote.lines} currency={quote.currency} locale={locale} />
              )}
              <TotalsBlock
                label="Quote totals"
                className="w-full sm:ml-auto sm:max-w-sm"
                breakdown={quote.vat_breakdown.map((g) => ({
                  key: `${g.vat_category}:${g.vat_rate_basis_points}`,
                  label: vatGroupLabel(g.vat_category, g.vat_rate_basis_points, locale, g.exemption_reason),
                  taxable: money(g.taxable_minor),
                  tax: money(g.tax_minor),
                }))}
                net={money(quote.net_minor)}
                tax={money(quote.tax_minor)}
                gross={money(quote.gross_minor)}
              />
              {quote.note ? (
                <div className="grid gap-1 text-sm">
                  <h3 className="font-medium">Note</h3>
                  <p className="whitespace-pre-line text-muted-foreground">{quote.note}</p>
                </div>
              ) : null}
            </CardContent>
          </Card>
          {quote.number ? (
            <Card>
              <CardHeader>
                <CardTitle>Document</CardTitle>
                <CardDescription>The quote's PDF, to send to the customer.</CardDescription>
              </CardHeader>
              <CardContent>
                <DocumentPanel pdfPath={`/api/billing/quotes/${id}/pdf`} number={quote.number} />
              </CardContent>
            </Card>
          ) : null}
        </div>

        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid text-sm">
                <Detail term="Customer">
                  <Link
                    href={`/customers/${quote.customer_id}`}
                    className="underline-offset-4 hover:underline"
                  >
                    {quote.customer_name}
                  </Link>
                </Detail>
                <Detail term="Total incl. VAT">
                  <span className="font-semibold tabular-nums">{money(quote.gross_minor)}</span>
                </Detail>
                <Detail term="Sent on">{formatDay(quote.issue_date, locale)}</Detail>
                <Detail term="Valid until">
                  {quote.valid_until
                    ? formatDay(quote.valid_until, locale)
                    : quote.status === 'draft'
                      ? '30 days after sending'
                      : '—'}
                </Detail>
                {quote.accepted_at ? (
                  <Detail term="Accepted">{formatInstant(quote.accepted_at, tenant)}</Detail>
                ) : null}
                {quote.declined_at ? (
                  <Detail term="Declined">{formatInstant(quote.declined_at, tenant)}</Detail>
                ) : null}
                <Detail term="Currency">{quote.currency}</Detail>
                <Detail term="Created">{formatInstant(quote.created_at, tenant)}</Detail>
              </dl>
            </CardContent>
          </Card>
          {quote.crm_deal_id ? (
            <Card>
              <CardHeader>
                <CardTitle>From the CRM</CardTitle>
                <CardDescription>Drafted when its deal was won.</CardDescription>
              </CardHeader>
              <CardContent>
                <Button variant="outline" asChild>
                  <a href={crmDealUrl(env.PUBLIC_BASE_URL, quote.crm_deal_id)}>
                    <ExternalLink aria-hidden="true" />
                    Open the deal in the CRM
                  </a>
                </Button>
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
