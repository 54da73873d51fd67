import 'server-only';
/**
 * @module lib/members
 * The members of the current tenant (owner and assignee pickers, sharing), from the auth API.
 * Members without `members:read` (CLIENT) see only themselves.
 */
import type { Me, Member } from '@comptoir/contracts/auth';
import { can } from '@comptoir/ui/server';
import { cache } from 'react';
import { authApi, load } from './api';
import type { MemberOption } from './session';

/** `GET /members` once per request; it can start before the session is known. */
export const fetchMembers = cache(() => load<{ data: Member[] }>('/members', undefined, { api: authApi }));

/** Members of the tenant as pickers show them (the member alone when the list is not theirs to read). */
export async function loadMembers(me: Me): Promise<MemberOption[]> {
  const self = [{ id: me.user.id, name: me.user.name, email: me.user.email, role: me.role }];
  if (!can(me, 'members:read')) return self;
  const result = await fetchMembers();
  if (!result.ok) return self;
  return result.data.data.map((m) => ({ id: m.user_id, name: m.name, email: m.email, role: m.role }));
}
