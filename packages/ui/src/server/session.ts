import 'server-only';
/**
 * @module server/session
 * Who is signed in, for server components: `GET /me` of the auth API once per request.
 */
import type { Me } from '@comptoir/contracts/auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { ApiError, accessToken, createServerApi, signInPath } from './api.js';

/** Reads the session of the current request. */
export interface SessionReader {
  /**
   * The signed-in user, tenant, role and permissions; null when not signed in (no cookie, or a
   * token the API refuses). Memoised per request.
   *
   * @throws {ApiError} when the auth API fails otherwise (e.g. 503).
   */
  getMe(): Promise<Me | null>;
  /** As {@link getMe}, but sends the browser to `/sign-in?next=<this page>` when not signed in. */
  requireMe(): Promise<Me>;
}

/**
 * @param authInternalUrl internal URL of the auth API, e.g. `http://127.0.0.1:4100`.
 *
 * @example
 * export const { getMe, requireMe } = createSessionReader(env.AUTH_INTERNAL_URL);
 */
export function createSessionReader(authInternalUrl: string): SessionReader {
  const auth = createServerApi(authInternalUrl);
  const getMe = cache(async (): Promise<Me | null> => {
    if (!(await accessToken())) return null;
    try {
      return await auth.request<Me>('/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  });
  return {
    getMe,
    async requireMe() {
      const me = await getMe();
      if (!me) redirect(await signInPath());
      return me;
    },
  };
}

/** Whether the signed-in member holds a permission (`tenant:update`, `members:invite`, …). */
export function can(me: Pick<Me, 'permissions'>, permission: string): boolean {
  return me.permissions.includes(permission);
}
