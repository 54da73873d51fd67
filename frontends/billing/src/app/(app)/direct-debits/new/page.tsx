/**
 * A new direct debit batch: the unpaid invoices (`GET /invoices?status=unpaid`), each with the
 * customer's active mandate it would be collected from (`GET /sepa/mandates?status=active`) or
 * the reason it cannot be, a collection date, and `POST /sepa/batches`.
 */
import type { Invoice } from '@comptoir/contracts/billing/invoices';
import type { SepaMandate } from '@comptoir/contracts/billing/sepa';
import type { BillingSettings } from '@comptoir/contracts/billing/settings';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { collectableRows } from '@/lib/sepa';
import { settingLabel } from '@/lib/settings-fields';
import { NewBatchForm } from '../_components/new-batch-form';

export const metadata: Metadata = { title: 'New direct debit batch' };

/** The most unpaid invoices one page of the API returns. */
const INVOICES_LISTED = 100;

export default async function NewBatchPage() {
  const me = await requireMe();
  const [invoices, mandates, settings] = await Promise.all([
    load<{ data: Invoice[]; next_cursor: string | null }>('/invoices', {
      status: 'unpaid',
      kind: 'invoice',
      limit: INVOICES_LISTED,
    }),
    load<{ data: SepaMandate[] }>('/sepa/mandates', { status: 'active' }),
    load<BillingSettings>('/settings'),
  ]);
  const missing = settings.ok
    ? (['sepa_creditor_id', 'iban'] as const).filter((field) => !settings.data[field])
    : [];

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/direct-debits" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Direct debits
          </Link>
        }
        title="New direct debit batch"
        description="Choose the invoices to collect and the day the money should leave your customers' accounts."
      />
      {!can(me, 'sepa:manage') ? (
        <Alert>Your role does not allow collecting invoices by direct debit.</Alert>
      ) : !invoices.ok ? (
        <Alert variant="error" title="The unpaid invoices could not be loaded">
          {invoices.message}
        </Alert>
      ) : !mandates.ok ? (
        <Alert variant="error" title="The mandates could not be loaded">
          {mandates.message}
        </Alert>
      ) : (
        <>
          {missing.length > 0 ? (
            <Alert variant="warning" title="Complete the billing settings first">
              A batch needs your {missing.map(settingLabel).join(' and ')}.{' '}
              <Link href={`/settings#settings-${missing[0]}`}>Open the billing settings</Link>
            </Alert>
          ) : null}
          {invoices.data.next_cursor ? (
            <Alert>
              Only the first {INVOICES_LISTED} unpaid invoices are listed; collect them, then start another
              batch for the rest.
            </Alert>
          ) : null}
          <NewBatchForm rows={collectableRows(invoices.data.data, mandates.data.data)} />
        </>
      )}
    </div>
  );
}
