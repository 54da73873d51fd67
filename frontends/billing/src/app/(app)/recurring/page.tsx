/**
 * Recurring invoices of the current tenant (`GET /recurring-invoices`, the next to run first):
 * each with its customer, frequency, next run, the periods invoiced so far, its amount per period
 * and, prominently, why its last run could not invoice; paused, resumed or ended by managers.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { RecurringInvoice } from '@comptoir/contracts/billing/recurring';
import { Alert, Badge, Button, Card, CardContent, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { Plus, Repeat } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { load, requireMe } from '@/lib/api';
import { formatDay } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { FREQUENCY_LABELS, occurrencesLabel, periodTotals, recurringStatusDisplay } from '@/lib/recurring';
import { RecurringActions } from './_components/recurring-actions';

export const metadata: Metadata = { title: 'Recurring invoices' };

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground text-xs">{term}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

export default async function RecurringPage() {
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const [result, rates] = await Promise.all([
    load<{ data: RecurringInvoice[] }>('/recurring-invoices'),
    load<{ data: TaxRate[] }>('/tax-rates'),
  ]);
  const canCreate = can(me, 'recurring:manage');
  const newButton = (
    <Button asChild>
      <Link href="/recurring/new">
        <Plus aria-hidden="true" />
        New recurring invoice
      </Link>
    </Button>
  );
  const templates = result.ok ? result.data.data : [];
  const failing = templates.filter((t) => t.last_error && t.status !== 'ended');

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Recurring invoices"
        description="Invoice a customer every month, quarter or year: each period once, as a draft to review or issued at once."
        actions={canCreate ? newButton : null}
      />
      {!result.ok ? (
        <Alert variant="error" title="The recurring invoices could not be loaded">
          {result.message}
        </Alert>
      ) : templates.length === 0 ? (
        <EmptyState
          icon={<Repeat />}
          title="No recurring invoices yet"
          description="Subscriptions, rents, maintenance contracts: set the lines once, and each period is invoiced on its day."
          action={canCreate ? newButton : null}
        />
      ) : (
        <>
          {failing.length > 0 ? (
            <Alert
              variant="error"
              title={`${failing.length} recurring invoice${failing.length === 1 ? '' : 's'} could not invoice`}
            >
              The reason is shown on each one below. Fix it (settings, customer, product) and the next hourly
              run tries again.
            </Alert>
          ) : null}
          <ul aria-label="Recurring invoices" className="grid gap-4 xl:grid-cols-2">
            {templates.map((t) => {
              const status = recurringStatusDisplay(t.status);
              const totals = rates.ok ? periodTotals(t.lines, rates.data.data) : null;
              const name = t.title ? `${t.customer_name} (${t.title})` : t.customer_name;
              return (
                <li key={t.id}>
                  <Card className="h-full">
                    <CardContent className="grid gap-4">
                      <div className="flex flex-wrap items-start justify-between gap-2">
                        <div className="grid min-w-0 gap-0.5">
                          <h2 className="font-semibold">
                            <Link
                              href={`/customers/${t.customer_id}`}
                              className="underline-offset-4 hover:underline"
                            >
                              {t.customer_name}
                            </Link>
                          </h2>
                          <p className="text-muted-foreground text-sm">
                            {t.title ? `${t.title} · ` : ''}
                            {FREQUENCY_LABELS[t.frequency] ?? t.frequency}
                          </p>
                        </div>
                        <span className="inline-flex flex-wrap gap-1">
                          <Badge variant={status.tone}>{status.label}</Badge>
                          <Badge variant="outline">
                            {t.auto_issue ? 'Issued at once' : 'Drafts to review'}
                          </Badge>
                        </span>
                      </div>
                      {t.last_error && t.status !== 'ended' ? (
                        <Alert variant="error" title="The last run could not invoice">
                          <span className="break-words">{t.last_error}</span>
                        </Alert>
                      ) : null}
                      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                        <Fact term="Next invoice">
                          {t.status === 'ended' ? (
                            '—'
                          ) : (
                            <span className="font-semibold">
                              <time dateTime={t.next_run_on}>{formatDay(t.next_run_on, locale)}</time>
                            </span>
                          )}
                        </Fact>
                        <Fact term="Invoiced">
                          {occurrencesLabel(t.occurrences)}
                          {t.last_invoice_id ? (
                            <>
                              {' '}
                              <Link
                                href={`/invoices/${t.last_invoice_id}`}
                                className="underline underline-offset-4"
                              >
                                last
                              </Link>
                            </>
                          ) : null}
                        </Fact>
                        <Fact term="Per period">
                          <span className="tabular-nums">
                            {totals
                              ? formatMoney(totals.totals.grossMinor, t.currency, locale)
                              : 'From the price list'}
                          </span>
                        </Fact>
                        <Fact term="Period">
                          {formatDay(t.start_date, locale)} →{' '}
                          {t.end_date ? formatDay(t.end_date, locale) : 'no end'}
                        </Fact>
                      </dl>
                      <RecurringActions template={t} name={name} />
                    </CardContent>
                  </Card>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
