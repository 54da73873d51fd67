'use client';
/**
 * @module deal-actions
 * The deal page's delete action (managers and up).
 */
import { apiRequest, ConfirmButton } from '@comptoir/ui';
import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useCan } from '@/lib/session';

/** "Delete" with its confirmation, when the member may delete deals. */
export function DealActions({ id, title }: { id: string; title: string }) {
  const router = useRouter();
  if (!useCan('deals:delete')) return null;
  return (
    <ConfirmButton
      size="md"
      title={`Delete “${title}”?`}
      description="The deal leaves the board and goes to the trash; a manager can restore it."
      confirmLabel="Delete"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const result = await apiRequest(`/api/crm/deals/${id}`, { method: 'DELETE' });
        if (!result.ok) return result.message;
        router.push('/pipeline');
        router.refresh();
        return null;
      }}
    >
      <Trash2 aria-hidden="true" />
      Delete
    </ConfirmButton>
  );
}
