'use client';
/**
 * @module recurring-actions
 * Pausing, resuming and ending a recurring invoice (`PATCH /recurring-invoices/{id}`
 * `{ status }`), for managers: a resumed template starts again at the next period (the paused
 * ones are not billed); ending asks for confirmation, as it cannot be undone.
 */
import type { RecurringInvoice } from '@comptoir/contracts/billing/recurring';
import { apiRequest, Button, ConfirmButton, InlineStatus } from '@comptoir/ui';
import { CirclePause, CircleStop, Play } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { recurringTransitions } from '@/lib/recurring';
import { useCan } from '@/lib/session';

/** The buttons a template's status allows; nothing without `recurring:manage`. */
export function RecurringActions({
  template,
  name,
}: {
  template: Pick<RecurringInvoice, 'id' | 'status'>;
  name: string;
}) {
  const router = useRouter();
  const canManage = useCan('recurring:manage');
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!canManage) return null;

  const move = async (to: RecurringInvoice['status']): Promise<string | null> => {
    const result = await apiRequest(`/api/billing/recurring-invoices/${template.id}`, {
      method: 'PATCH',
      body: { status: to },
    });
    if (!result.ok) return result.message;
    router.refresh();
    return null;
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      {recurringTransitions(template.status).map((t) =>
        t.to === 'ended' ? (
          <ConfirmButton
            key={t.to}
            variant="ghost"
            aria-label={`End the recurring invoice of ${name}`}
            title={`End the recurring invoice of ${name}?`}
            description="No further invoice will be made from it. Invoices already made stay as they are. An ended recurring invoice cannot restart: you would create a new one."
            confirmLabel="End it"
            pendingLabel="Ending…"
            onConfirm={() => move('ended')}
          >
            <CircleStop aria-hidden="true" />
            End
          </ConfirmButton>
        ) : (
          <Button
            key={t.to}
            variant="outline"
            size="sm"
            pending={pending === t.to}
            aria-label={`${t.label} the recurring invoice of ${name}`}
            onClick={async () => {
              setPending(t.to);
              setError(null);
              setError(await move(t.to));
              setPending(null);
            }}
          >
            {t.to === 'paused' ? <CirclePause aria-hidden="true" /> : <Play aria-hidden="true" />}
            {t.label}
          </Button>
        ),
      )}
      <InlineStatus message={error} tone="error" onDismiss={() => setError(null)} />
    </div>
  );
}
