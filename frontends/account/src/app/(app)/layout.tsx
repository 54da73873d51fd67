/**
 * The signed-in part of the account app: the auth gate (no session → `/sign-in?next=…`) and the
 * app shell around every page.
 */
import { AppShell } from '@comptoir/ui';
import type { ReactNode } from 'react';
import { env } from '@/env';
import { requireMe } from '@/lib/api';

const NAV = [
  { href: '/', label: 'Home' },
  { href: '/settings', label: 'Company', exact: true },
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/api-keys', label: 'API keys' },
  { href: '/settings/security', label: 'Security' },
];

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const me = await requireMe();
  return (
    <AppShell
      app="account"
      appName="Account"
      publicBaseUrl={env.PUBLIC_BASE_URL}
      user={me.user}
      tenant={me.tenant}
      tenants={me.tenants}
      nav={NAV}
    >
      {children}
    </AppShell>
  );
}
