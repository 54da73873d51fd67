'use client';
/**
 * @module archive-button
 * Archiving a customer (it leaves the pickers and the list; its invoices stay) or restoring it,
 * for managers and up.
 */
import { apiRequest, Button, ConfirmButton } from '@comptoir/ui';
import { Archive, ArchiveRestore } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useCan } from '@/lib/session';

/** "Archive" with its confirmation, or "Restore". */
export function ArchiveButton({ id, name, archived }: { id: string; name: string; archived: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!useCan('customers:archive')) return null;
  const call = async (value: boolean) => {
    const result = await apiRequest(`/api/billing/customers/${id}`, {
      method: 'PATCH',
      body: { archived: value },
    });
    if (!result.ok) return result.message;
    router.refresh();
    return null;
  };
  if (archived) {
    return (
      <>
        <Button
          variant="outline"
          pending={pending}
          onClick={async () => {
            setPending(true);
            setError(await call(false));
            setPending(false);
          }}
        >
          <ArchiveRestore aria-hidden="true" />
          Restore
        </Button>
        {error ? (
          <span role="alert" className="text-destructive text-sm">
            {error}
          </span>
        ) : null}
      </>
    );
  }
  return (
    <ConfirmButton
      size="md"
      title={`Archive ${name}?`}
      description="It leaves the customer list and the invoice editor's picker. Its invoices stay as they are, and you can restore it at any time."
      confirmLabel="Archive"
      pendingLabel="Archiving…"
      onConfirm={() => call(true)}
    >
      <Archive aria-hidden="true" />
      Archive
    </ConfirmButton>
  );
}
