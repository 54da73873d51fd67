'use client';
/**
 * @module lib/session
 * What client components need to know about the signed-in member: permissions (to hide what
 * they may not do) and the tenant's locale, time zone and currency. Provided once by the
 * signed-in layout.
 */
import { createContext, type ReactNode, useContext } from 'react';

/** The tenant as formatting needs it (a subset of `me.tenant`). */
export interface TenantFormat {
  /** BCP 47 locale money and dates are shown in ("fr-FR"). */
  locale: string;
  /** IANA time zone ("Europe/Paris"): "today" for issue and payment dates. */
  time_zone: string;
  /** ISO 4217 default currency ("EUR"). */
  currency: string;
}

/** The session as client components see it. */
export interface BillingSession {
  userId: string;
  role: string;
  permissions: readonly string[];
  tenant: TenantFormat & { id: string; name: string };
}

const SessionContext = createContext<BillingSession | null>(null);

/** Provides the session to the client components below it. */
export function BillingSessionProvider({ value, children }: { value: BillingSession; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; throws outside the signed-in layout (a programming error). */
export function useSession(): BillingSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs <BillingSessionProvider> (the signed-in layout)');
  return session;
}

/** Whether the member holds a permission (`invoices:issue`, `payments:record`, …). */
export function useCan(permission: string): boolean {
  return useSession().permissions.includes(permission);
}
