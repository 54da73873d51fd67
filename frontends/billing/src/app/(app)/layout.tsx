/**
 * The signed-in part of the billing app: the auth gate (no session → `/sign-in?next=…`), the
 * app shell with billing's sections, and the session every client component reads
 * (permissions, the tenant's locale, time zone and currency).
 */
import { AppShell } from '@comptoir/ui';
import type { ReactNode } from 'react';
import { env } from '@/env';
import { requireMe } from '@/lib/api';
import { BillingSessionProvider } from '@/lib/session';

// Short labels, none inside another ("Recurring invoices" would contain "Invoices").
const NAV = [
  { href: '/invoices', label: 'Invoices' },
  { href: '/quotes', label: 'Quotes' },
  { href: '/recurring', label: 'Recurring' },
  { href: '/customers', label: 'Customers' },
  { href: '/direct-debits', label: 'Direct debits' },
  { href: '/plan', label: 'Plan' },
  { href: '/settings', label: 'Settings' },
];

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const me = await requireMe();
  return (
    <AppShell
      app="billing"
      appName="Billing"
      publicBaseUrl={env.PUBLIC_BASE_URL}
      user={me.user}
      tenant={me.tenant}
      tenants={me.tenants}
      nav={NAV}
    >
      <BillingSessionProvider
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
        }}
      >
        {children}
      </BillingSessionProvider>
    </AppShell>
  );
}
