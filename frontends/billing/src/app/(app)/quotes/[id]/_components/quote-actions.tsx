'use client';
/**
 * @module quote-actions
 * What can be done with a quote, by state and role (`lib/quote-status`): a draft is edited,
 * deleted or sent (numbered and frozen, `POST /quotes/{id}/send`); a sent quote records the
 * customer's answer (`…/accept`, `…/decline`); a sent or accepted quote becomes a draft invoice
 * once (`POST /quotes/{id}/invoice`), which opens; a sent quote can be e-mailed with its PDF. Every call goes to the billing API
 * same-origin; the page data is refreshed after it.
 */
import type { QuoteWithLines } from '@comptoir/contracts/billing/quotes';
import { apiRequest, Button, ConfirmButton, InlineStatus } from '@comptoir/ui';
import { Check, FileInput, Mail, Pencil, Send, Trash2, X } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { issueProblems } from '@/lib/issue-problems';
import { quoteActions } from '@/lib/quote-status';
import { useSession } from '@/lib/session';
import { IssueDialog } from '../../../invoices/_components/issue-dialog';

type ActionQuote = Pick<QuoteWithLines, 'id' | 'status' | 'number' | 'customer_id' | 'invoice_id'>;

const SEND_TEXT = {
  title: 'Send this quote?',
  description:
    'It gets the next quote number and can no longer be changed. E-mail it or download its PDF for the customer, then record the answer here.',
  confirmLabel: 'Send quote',
  pendingLabel: 'Sending…',
  dateHint: 'Valid for 30 days from this date unless the quote says otherwise.',
};

/** The action buttons of the quote page header. */
export function QuoteActions({ quote }: { quote: ActionQuote }) {
  const router = useRouter();
  const { permissions } = useSession();
  const [sendOpen, setSendOpen] = useState(false);
  const [answering, setAnswering] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: 'success' | 'error' } | null>(null);
  const actions = quoteActions(quote, (p) => permissions.includes(p));

  async function accept() {
    setAnswering(true);
    const result = await apiRequest(`/api/billing/quotes/${quote.id}/accept`, { method: 'POST' });
    setAnswering(false);
    if (!result.ok) setStatus({ message: result.message, tone: 'error' });
    else {
      setStatus({ message: 'Marked accepted', tone: 'success' });
      router.refresh();
    }
  }

  return (
    <>
      <InlineStatus
        message={status?.message}
        tone={status?.tone ?? 'success'}
        onDismiss={() => setStatus(null)}
      />
      {actions.includes('edit') ? (
        <Button variant="outline" asChild>
          <Link href={`/quotes/${quote.id}/edit`}>
            <Pencil aria-hidden="true" />
            Edit
          </Link>
        </Button>
      ) : null}
      {actions.includes('delete') ? (
        <ConfirmButton
          size="md"
          title="Delete this draft quote?"
          description="It has no number yet, so it can go without a trace. This cannot be undone."
          confirmLabel="Delete draft"
          pendingLabel="Deleting…"
          onConfirm={async () => {
            const result = await apiRequest(`/api/billing/quotes/${quote.id}`, { method: 'DELETE' });
            if (!result.ok) return result.message;
            router.push('/quotes?status=draft');
            router.refresh();
            return null;
          }}
        >
          <Trash2 aria-hidden="true" />
          Delete
        </ConfirmButton>
      ) : null}
      {actions.includes('send') ? (
        <>
          <Button onClick={() => setSendOpen(true)}>
            <Send aria-hidden="true" />
            Send quote
          </Button>
          <IssueDialog
            open={sendOpen}
            onOpenChange={setSendOpen}
            text={SEND_TEXT}
            onIssue={async (issueDate) => {
              const result = await apiRequest(`/api/billing/quotes/${quote.id}/send`, {
                method: 'POST',
                body: { issue_date: issueDate },
              });
              if (!result.ok) {
                return {
                  message: result.message,
                  problems: issueProblems(result.problem, quote.customer_id),
                };
              }
              router.refresh();
              return null;
            }}
          />
        </>
      ) : null}
      {quote.status !== 'draft' && permissions.includes('quotes:send') ? (
        <ConfirmButton
          size="md"
          variant="outline"
          title={`E-mail ${quote.number} to the customer?`}
          description="The quote's PDF goes to the customer's e-mail address."
          confirmLabel="Send e-mail"
          pendingLabel="Sending…"
          onConfirm={async () => {
            const result = await apiRequest<{ to: string }>(`/api/billing/quotes/${quote.id}/email`, {
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
      ) : null}
      {actions.includes('decline') ? (
        <ConfirmButton
          size="md"
          variant="ghost"
          title="Record that the customer declined?"
          description="The quote is closed: it can no longer be accepted nor turned into an invoice."
          confirmLabel="Mark declined"
          pendingLabel="Saving…"
          onConfirm={async () => {
            const result = await apiRequest(`/api/billing/quotes/${quote.id}/decline`, { method: 'POST' });
            if (!result.ok) return result.message;
            router.refresh();
            return null;
          }}
        >
          <X aria-hidden="true" />
          Mark declined
        </ConfirmButton>
      ) : null}
      {actions.includes('accept') ? (
        <Button variant="outline" pending={answering} onClick={accept}>
          <Check aria-hidden="true" />
          {answering ? 'Saving…' : 'Mark accepted'}
        </Button>
      ) : null}
      {actions.includes('invoice') ? (
        <ConfirmButton
          size="md"
          variant="primary"
          confirmVariant="primary"
          title="Convert to invoice?"
          description={`A draft invoice with the same lines and amounts is created${quote.status === 'sent' ? ', and the quote is marked accepted' : ''}. A quote becomes one invoice only; you can still edit the draft before issuing it.`}
          confirmLabel="Convert to invoice"
          pendingLabel="Converting…"
          onConfirm={async () => {
            const result = await apiRequest<{ id: string }>(`/api/billing/quotes/${quote.id}/invoice`, {
              method: 'POST',
            });
            if (!result.ok) return result.message;
            router.push(`/invoices/${result.data.id}`);
            router.refresh();
            return null;
          }}
        >
          <FileInput aria-hidden="true" />
          Convert to invoice
        </ConfirmButton>
      ) : null}
    </>
  );
}
