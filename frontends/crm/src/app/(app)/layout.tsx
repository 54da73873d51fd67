/**
 * The signed-in part of the CRM app: the auth gate (no session → `/sign-in?next=…`), the app
 * shell with the CRM's sections, and the session every client component reads (permissions,
 * tenant formats, members).
 */
import { AppShell } from '@comptoir/ui';
import type { ReactNode } from 'react';
import { env } from '@/env';
import { requireMe } from '@/lib/api';
import { fetchMembers, loadMembers } from '@/lib/members';
import { CrmSessionProvider } from '@/lib/session';

const NAV = [
  { href: '/contacts', label: 'Contacts' },
  { href: '/companies', label: 'Companies' },
  { href: '/pipeline', label: 'Pipeline' },
  { href: '/tasks', label: 'Tasks' },
  { href: '/import', label: 'Import' },
  { href: '/duplicates', label: 'Duplicates' },
];

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  // The members list starts with the session check rather than after it.
  const [me] = await Promise.all([requireMe(), fetchMembers()]);
  const members = await loadMembers(me);
  return (
    <AppShell
      app="crm"
      appName="CRM"
      publicBaseUrl={env.PUBLIC_BASE_URL}
      user={me.user}
      tenant={me.tenant}
      tenants={me.tenants}
      nav={NAV}
    >
      <CrmSessionProvider
        value={{
          userId: me.user.id,
          role: me.role,
          permissions: me.permissions,
          tenant: {
            id: me.tenant.id,
            name: me.tenant.name,
            locale: me.tenant.locale || 'en',
            time_zone: me.tenant.time_zone,
            currency: me.tenant.currency,
          },
          members,
        }}
      >
        {children}
      </CrmSessionProvider>
    </AppShell>
  );
}
