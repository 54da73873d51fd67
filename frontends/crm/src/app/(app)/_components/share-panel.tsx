'use client';
/**
 * @module share-panel
 * Sharing a contact, company or deal with CLIENT members (customers, accountants), who see only
 * what is shared with them. For members with `shares:manage` (managers and up).
 */
import type { Share } from '@comptoir/contracts/crm/shares';
import { Alert, apiRequest, Button, Field, NativeSelect } from '@comptoir/ui';
import { UserMinus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState, useTransition } from 'react';
import { useSession } from '@/lib/session';

/** Props of {@link SharePanel}. */
export interface SharePanelProps {
  entityType: 'contact' | 'company' | 'deal';
  entityId: string;
  shares: readonly Share[];
}

/** Who outside the team sees this record, and a form to share it with one more. */
export function SharePanel({ entityType, entityId, shares }: SharePanelProps) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const { members } = useSession();
  const clients = members.filter((m) => m.role === 'CLIENT');
  const sharedIds = new Set(shares.map((s) => s.user_id));
  const available = clients.filter((m) => !sharedIds.has(m.id));
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState(false);

  async function call(method: 'POST' | 'DELETE', userId: string, done: string) {
    setPending(true);
    setError(null);
    const result = await apiRequest('/api/crm/shares', {
      method,
      body: { entity_type: entityType, entity_id: entityId, user_id: userId },
    });
    setPending(false);
    if (!result.ok) return setError(result.message);
    setStatus(done);
    setChoice('');
    startTransition(() => router.refresh());
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!choice) return setError('Choose a client');
    const name = clients.find((m) => m.id === choice)?.name ?? 'the client';
    void call('POST', choice, `Shared with ${name}.`);
  }

  return (
    <div className="grid gap-3">
      {shares.length === 0 ? (
        <p className="text-muted-foreground text-sm">Only your team sees this {entityType}.</p>
      ) : (
        <ul className="grid gap-1">
          {shares.map((share) => {
            const member = members.find((m) => m.id === share.user_id);
            const name = member?.name ?? 'Former member';
            return (
              <li key={share.user_id} className="flex items-center justify-between gap-2 text-sm">
                <span className="min-w-0 truncate">
                  {name}
                  {member ? <span className="text-muted-foreground"> · {member.email}</span> : null}
                </span>
                <Button
                  variant="ghost"
                  size="icon-sm"
                  aria-label={`Stop sharing with ${name}`}
                  disabled={pending}
                  onClick={() => call('DELETE', share.user_id, `No longer shared with ${name}.`)}
                >
                  <UserMinus aria-hidden="true" />
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {error ? <Alert variant="error">{error}</Alert> : null}
      {clients.length === 0 ? (
        <p className="text-muted-foreground text-xs">
          Invite a member with the Client role in Settings to share records with them.
        </p>
      ) : available.length > 0 ? (
        <form onSubmit={submit} className="flex items-end gap-2">
          <Field label="Share with" className="min-w-0 flex-1">
            <NativeSelect value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Choose a client…</option>
              {available.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.email})
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Button type="submit" variant="outline" pending={pending}>
            Share
          </Button>
        </form>
      ) : null}
      <p role="status" className="text-muted-foreground text-xs empty:hidden">
        {status}
      </p>
    </div>
  );
}
