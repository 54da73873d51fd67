'use client';
/**
 * @module contact-actions
 * The contact page's actions: export as vCard, move to the trash (or restore from it).
 */
import { apiDownload, apiRequest, Button, ConfirmButton, InlineStatus, saveDownload } from '@comptoir/ui';
import { Download, RotateCcw, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { contactVcardPath } from '@/lib/endpoints';
import { useCan } from '@/lib/session';

/** vCard export and trash or restore, by permission. */
export function ContactActions({ id, name, deleted }: { id: string; name: string; deleted: boolean }) {
  const router = useRouter();
  const canDelete = useCan('contacts:delete');
  const canRestore = useCan('contacts:restore');
  const canExport = useCan('contacts:export');
  const [error, setError] = useState<string | null>(null);

  async function exportVcard() {
    setError(null);
    const result = await apiDownload(contactVcardPath(id));
    if (!result.ok) setError(result.message);
    else saveDownload(result.data, `${name.replace(/[^\p{L}\p{N}]+/gu, '-') || 'contact'}.vcf`);
  }

  return (
    <>
      {canExport && !deleted ? (
        <Button variant="outline" onClick={exportVcard}>
          <Download aria-hidden="true" />
          vCard
        </Button>
      ) : null}
      {deleted && canRestore ? (
        <Button
          variant="outline"
          onClick={async () => {
            const result = await apiRequest(`/api/crm/contacts/${id}/restore`, { method: 'POST' });
            if (!result.ok) setError(result.message);
            else router.refresh();
          }}
        >
          <RotateCcw aria-hidden="true" />
          Restore
        </Button>
      ) : null}
      {!deleted && canDelete ? (
        <ConfirmButton
          size="md"
          title={`Delete ${name}?`}
          description="The contact goes to the trash; a manager can restore it for 30 days. Its deals and tasks stay."
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          onConfirm={async () => {
            const result = await apiRequest(`/api/crm/contacts/${id}`, { method: 'DELETE' });
            if (!result.ok) return result.message;
            router.push('/contacts');
            router.refresh();
            return null;
          }}
        >
          <Trash2 aria-hidden="true" />
          Delete
        </ConfirmButton>
      ) : null}
      <InlineStatus tone="error" message={error} onDismiss={() => setError(null)} className="basis-full" />
    </>
  );
}
