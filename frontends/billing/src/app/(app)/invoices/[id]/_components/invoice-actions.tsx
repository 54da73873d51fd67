'use client';
/**
 * @module invoice-actions
 * What can be done with an invoice, by state and role: a draft is edited, issued or deleted; an
 * issued, partially paid or overdue invoice takes payments, a full credit note and the dispute
 * flag; any issued invoice or credit note can be e-mailed to the customer with its PDF. Every call goes to the billing API same-origin; the page data is refreshed after it.
 */
import type { InvoiceWithLines } from '@comptoir/contracts/billing/invoices';
import { apiRequest, Button, ConfirmButton, InlineStatus } from '@comptoir/ui';
import { Flag, FlagOff, Mail, Pencil, ReceiptText, Send, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { isOpenInvoice } from '@/lib/invoice-status';
import { issueProblems } from '@/lib/issue-problems';
import { formatMoney } from '@/lib/money';
import { useCan, useSession } from '@/lib/session';
import { IssueDialog } from '../../_components/issue-dialog';
import { RecordPaymentDialog } from './record-payment-dialog';

type ActionInvoice = Pick<
  InvoiceWithLines,
  'id' | 'kind' | 'status' | 'number' | 'customer_id' | 'currency' | 'balance_due_minor' | 'disputed'
>;

/** The action buttons of the invoice page header. */
export function InvoiceActions({ invoice }: { invoice: ActionInvoice }) {
  const router = useRouter();
  const { tenant } = useSession();
  const canUpdate = useCan('invoices:update');
  const canIssue = useCan('invoices:issue');
  const canDelete = useCan('invoices:delete');
  const canCredit = useCan('invoices:credit');
  const canRecord = useCan('payments:record');
  const canRead = useCan('invoices:read');
  const [issueOpen, setIssueOpen] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: 'success' | 'error' } | null>(null);
  const [disputing, setDisputing] = useState(false);

  if (invoice.status === 'draft') {
    return (
      <>
        {canUpdate ? (
          <Button variant="outline" asChild>
            <Link href={`/invoices/${invoice.id}/edit`}>
              <Pencil aria-hidden="true" />
              Edit
            </Link>
          </Button>
        ) : null}
        {canDelete ? (
          <ConfirmButton
            size="md"
            title="Delete this draft?"
            description="It has no number yet, so it can go without a trace. This cannot be undone."
            confirmLabel="Delete draft"
            pendingLabel="Deleting…"
            onConfirm={async () => {
              const result = await apiRequest(`/api/billing/invoices/${invoice.id}`, { method: 'DELETE' });
              if (!result.ok) return result.message;
              router.push('/invoices?status=draft');
              router.refresh();
              return null;
            }}
          >
            <Trash2 aria-hidden="true" />
            Delete
          </ConfirmButton>
        ) : null}
        {canIssue && invoice.kind === 'invoice' ? (
          <>
            <Button onClick={() => setIssueOpen(true)}>
              <Send aria-hidden="true" />
              Issue invoice
            </Button>
            <IssueDialog
              open={issueOpen}
              onOpenChange={setIssueOpen}
              onIssue={async (issueDate) => {
                const result = await apiRequest(`/api/billing/invoices/${invoice.id}/issue`, {
                  method: 'POST',
                  body: { issue_date: issueDate },
                });
                if (!result.ok) {
                  return {
                    message: result.message,
                    problems: issueProblems(result.problem, invoice.customer_id),
                  };
                }
                router.refresh();
                return null;
              }}
            />
          </>
        ) : null}
      </>
    );
  }

  // Any issued invoice or credit note can be e-mailed, paid or not.
  const emailButton = canRead ? (
    <ConfirmButton
      size="md"
      variant="outline"
      title={`E-mail ${invoice.number} to the customer?`}
      description="The PDF, with its Factur-X data, goes to the customer's e-mail address."
      confirmLabel="Send e-mail"
      pendingLabel="Sending…"
      onConfirm={async () => {
        const result = await apiRequest<{ to: string }>(`/api/billing/invoices/${invoice.id}/email`, {
          method: 'POST',
          body: {},
        });
        if (!result.ok) return result.message;
        setStatus({ message: `E-mailed to ${result.data.to}`, tone: 'success' });
        return null;
      }}
    >
      <Mail aria-hidden="true" />
      E-mail
    </ConfirmButton>
  ) : null;
  const statusLine = (
    <InlineStatus
      message={status?.message}
      tone={status?.tone ?? 'success'}
      onDismiss={() => setStatus(null)}
    />
  );
  if (!isOpenInvoice(invoice)) {
    return (
      <>
        {statusLine}
        {emailButton}
      </>
    );
  }
  return (
    <>
      {statusLine}
      {emailButton}
      {canUpdate ? (
        <Button
          variant="ghost"
          pending={disputing}
          onClick={async () => {
            setDisputing(true);
            const result = await apiRequest(`/api/billing/invoices/${invoice.id}/dispute`, {
              method: 'POST',
              body: { disputed: !invoice.disputed },
            });
            setDisputing(false);
            if (!result.ok) setStatus({ message: result.message, tone: 'error' });
            else {
              setStatus({
                message: invoice.disputed ? 'Dispute cleared' : 'Marked disputed: reminders pause',
                tone: 'success',
              });
              router.refresh();
            }
          }}
        >
          {invoice.disputed ? <FlagOff aria-hidden="true" /> : <Flag aria-hidden="true" />}
          {invoice.disputed ? 'Clear dispute' : 'Mark disputed'}
        </Button>
      ) : null}
      {canCredit ? (
        <ConfirmButton
          size="md"
          title={`Credit ${invoice.number} in full?`}
          description={`A credit note for the whole invoice is issued at once, with its own number, and ${invoice.number} is cancelled. Money already received stays as the customer's credit.`}
          confirmLabel="Issue credit note"
          pendingLabel="Issuing…"
          onConfirm={async () => {
            const result = await apiRequest<{ id: string }>(
              `/api/billing/invoices/${invoice.id}/credit-notes`,
              {
                method: 'POST',
                body: {},
              },
            );
            if (!result.ok) return result.message;
            router.push(`/invoices/${result.data.id}`);
            router.refresh();
            return null;
          }}
        >
          <ReceiptText aria-hidden="true" />
          Credit note
        </ConfirmButton>
      ) : null}
      {canRecord ? (
        <RecordPaymentDialog
          invoiceId={invoice.id}
          balanceMinor={invoice.balance_due_minor}
          currency={invoice.currency}
          onRecorded={(payment) =>
            setStatus({
              message: `Payment of ${formatMoney(payment.amount_minor, payment.currency, tenant.locale)} recorded`,
              tone: 'success',
            })
          }
        />
      ) : null}
    </>
  );
}
