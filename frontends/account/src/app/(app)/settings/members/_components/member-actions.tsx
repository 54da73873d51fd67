'use client';
/**
 * @module member-actions
 * Per-row actions of the members page: change a role, remove a member (or leave), withdraw an
 * invitation.
 */
import { apiRequest, InlineStatus, NativeSelect } from '@comptoir/ui';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { ConfirmButton } from '../../../_components/confirm-button';

/** Props of {@link MemberRoleSelect}. */
export interface MemberRoleSelectProps {
  userId: string;
  name: string;
  role: string;
  roles: Array<{ value: string; label: string }>;
}

/**
 * A select labelled "Role of <name>": changing it saves at once (`PATCH /api/auth/members/{id}`),
 * and goes back to the previous role when the API refuses (e.g. the last owner).
 */
export function MemberRoleSelect({ userId, name, role, roles }: MemberRoleSelectProps) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(role);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [, startTransition] = useTransition();
  const options = roles.some((r) => r.value === role) ? roles : [{ value: role, label: role }, ...roles];

  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="sr-only">
        Role of {name}
      </label>
      <NativeSelect
        id={id}
        value={value}
        disabled={pending}
        className="h-8 w-36 text-sm"
        onChange={async (event) => {
          const next = event.target.value;
          const previous = value;
          setValue(next);
          setPending(true);
          setStatus(null);
          const result = await apiRequest(`/api/auth/members/${encodeURIComponent(userId)}`, {
            method: 'PATCH',
            body: { role: next },
          });
          setPending(false);
          if (!result.ok) {
            setValue(previous);
            setStatus({ tone: 'error', text: result.message });
            return;
          }
          setStatus({ tone: 'success', text: 'Role changed.' });
          startTransition(() => router.refresh());
        }}
      >
        {options.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </NativeSelect>
      <InlineStatus tone={status?.tone} message={status?.text} className="text-xs" />
    </div>
  );
}

/** Props of {@link RemoveMemberButton}. */
export interface RemoveMemberButtonProps {
  userId: string;
  name: string;
  tenantName: string;
  /** The signed-in member leaving the company themselves. */
  leaving?: boolean;
  /** When leaving: the tenant to switch the session to afterwards. */
  switchToTenantId?: string;
}

/**
 * "Remove" (or "Leave") with a confirmation dialog: `DELETE /api/auth/members/{id}`. After leaving,
 * the session moves to another company and the home page opens.
 */
export function RemoveMemberButton({
  userId,
  name,
  tenantName,
  leaving,
  switchToTenantId,
}: RemoveMemberButtonProps) {
  const router = useRouter();
  return (
    <ConfirmButton
      aria-label={leaving ? `Leave ${tenantName}` : `Remove ${name}`}
      title={leaving ? `Leave ${tenantName}?` : `Remove ${name}?`}
      description={
        leaving
          ? `You will lose access to ${tenantName} until someone invites you again.`
          : `${name} loses access to ${tenantName} at once; their API keys stop working.`
      }
      confirmLabel={leaving ? 'Leave' : 'Remove'}
      pendingLabel={leaving ? 'Leaving…' : 'Removing…'}
      onConfirm={async () => {
        const result = await apiRequest(`/api/auth/members/${encodeURIComponent(userId)}`, {
          method: 'DELETE',
        });
        if (!result.ok) return result.message;
        if (leaving) {
          if (switchToTenantId) {
            await apiRequest('/api/auth/tenants/switch', {
              method: 'POST',
              body: { tenant_id: switchToTenantId },
            });
          }
          window.location.assign('/');
          return null;
        }
        router.refresh();
        return null;
      }}
    >
      {leaving ? 'Leave' : 'Remove'}
    </ConfirmButton>
  );
}

/** "Withdraw" with a confirmation dialog: `DELETE /api/auth/invitations/{id}`. */
export function WithdrawInvitationButton({ id, email }: { id: string; email: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      aria-label={`Withdraw the invitation of ${email}`}
      title={`Withdraw the invitation of ${email}?`}
      description="The link in the e-mail stops working. You can invite them again later."
      confirmLabel="Withdraw"
      pendingLabel="Withdrawing…"
      onConfirm={async () => {
        const result = await apiRequest(`/api/auth/invitations/${encodeURIComponent(id)}`, {
          method: 'DELETE',
        });
        if (!result.ok) return result.message;
        router.refresh();
        return null;
      }}
    >
      Withdraw
    </ConfirmButton>
  );
}
