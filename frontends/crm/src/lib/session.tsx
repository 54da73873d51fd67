'use client';
/**
 * @module lib/session
 * What client components need to know about the signed-in member: permissions (to hide what
 * they may not do), the tenant's locale, time zone and currency, and the members of the tenant
 * (owner and assignee pickers). Provided once by the signed-in layout.
 */
import { createContext, type ReactNode, useContext } from 'react';
import type { TenantFormat } from './format';

/** A member of the tenant, for pickers. */
export interface MemberOption {
  id: string;
  name: string;
  email: string;
  role: string;
}

/** The session as client components see it. */
export interface CrmSession {
  userId: string;
  role: string;
  permissions: readonly string[];
  tenant: TenantFormat & { id: string; name: string };
  members: readonly MemberOption[];
}

const SessionContext = createContext<CrmSession | null>(null);

/** Provides the session to the client components below it. */
export function CrmSessionProvider({ value, children }: { value: CrmSession; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; throws outside the signed-in layout (a programming error). */
export function useSession(): CrmSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs <CrmSessionProvider> (the signed-in layout)');
  return session;
}

/** Whether the member holds a permission (`contacts:delete`, …). */
export function useCan(permission: string): boolean {
  return useSession().permissions.includes(permission);
}

/** Name of a member by id ("Former member" when unknown, "—" for none). */
export function useMemberName(): (id: string | null | undefined) => string {
  const { members } = useSession();
  return (id) => {
    if (!id) return '—';
    return members.find((m) => m.id === id)?.name ?? 'Former member';
  };
}
