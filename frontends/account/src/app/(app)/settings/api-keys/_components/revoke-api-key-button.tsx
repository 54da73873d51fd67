'use client';
/**
 * @module revoke-api-key-button
 * Revokes an API key after confirmation (`DELETE /api/auth/api-keys/{id}`).
 */
import { apiRequest } from '@comptoir/ui';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '../../../_components/confirm-button';

/** "Revoke" named "Revoke <key name>", with a confirmation dialog. */
export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      aria-label={`Revoke ${name}`}
      title={`Revoke ${name}?`}
      description="Scripts using this key stop working at once. This cannot be undone."
      confirmLabel="Revoke"
      pendingLabel="Revoking…"
      onConfirm={async () => {
        const result = await apiRequest(`/api/auth/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
        if (!result.ok) return result.message;
        router.refresh();
        return null;
      }}
    >
      Revoke
    </ConfirmButton>
  );
}
