'use client';
/**
 * @module company-actions
 * The company page's delete action (managers and up).
 */
import { apiRequest, ConfirmButton } from '@comptoir/ui';
import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useCan } from '@/lib/session';

/** "Delete" with its confirmation, when the member may delete companies. */
export function CompanyActions({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  if (!useCan('companies:delete')) return null;
  return (
    <ConfirmButton
      size="md"
      title={`Delete ${name}?`}
      description="The company goes to the trash; its contacts stay. A manager can restore it for 30 days."
      confirmLabel="Delete"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const result = await apiRequest(`/api/crm/companies/${id}`, { method: 'DELETE' });
        if (!result.ok) return result.message;
        router.push('/companies');
        router.refresh();
        return null;
      }}
    >
      <Trash2 aria-hidden="true" />
      Delete
    </ConfirmButton>
  );
}
