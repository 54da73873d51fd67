'use client';
/**
 * @module sessions-list
 * The user's open sessions, each with "Sign out" (`DELETE /api/auth/sessions/{id}`); signing out
 * this device goes through `POST /api/auth/logout`.
 */
import { apiRequest, Badge, EmptyState, signOut } from '@comptoir/ui';
import { Laptop } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '../../../_components/confirm-button';

/** One row, already formatted by the server. */
export interface SessionRow {
  id: string;
  device: string;
  userAgent: string | null;
  signedIn: string;
  lastActive: string;
  current: boolean;
  twoFactor: boolean;
}

/** A list of devices; the current one first and marked "This device". */
export function SessionsList({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  if (sessions.length === 0) return <EmptyState icon={<Laptop />} title="No open sessions" />;
  const ordered = [...sessions].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <ul className="grid divide-y">
      {ordered.map((s) => (
        <li
          key={s.id}
          className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0"
        >
          <div className="grid min-w-0 gap-0.5">
            <p className="flex flex-wrap items-center gap-2 font-medium text-sm">
              <span title={s.userAgent ?? undefined}>{s.device}</span>
              {s.current ? <Badge variant="success">This device</Badge> : null}
              {s.twoFactor ? <Badge variant="secondary">2FA</Badge> : null}
            </p>
            <p className="text-muted-foreground text-xs">
              Signed in {s.signedIn} · last active {s.lastActive}
            </p>
          </div>
          <ConfirmButton
            aria-label={s.current ? 'Sign out this device' : `Sign out ${s.device}, signed in ${s.signedIn}`}
            title={s.current ? 'Sign out this device?' : `Sign out ${s.device}?`}
            description={
              s.current
                ? 'You will need your password to come back.'
                : 'That device will need the password to come back.'
            }
            confirmLabel="Sign out"
            pendingLabel="Signing out…"
            onConfirm={async () => {
              if (s.current) {
                await signOut();
                return null;
              }
              const result = await apiRequest(`/api/auth/sessions/${encodeURIComponent(s.id)}`, {
                method: 'DELETE',
              });
              if (!result.ok) return result.message;
              router.refresh();
              return null;
            }}
          >
            Sign out
          </ConfirmButton>
        </li>
      ))}
    </ul>
  );
}
