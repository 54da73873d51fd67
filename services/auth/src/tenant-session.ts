/**
 * @module tenant-session
 * Pointing a signed-in session at another tenant (switch, new tenant, accepted invitation).
 */
import type { DB } from '@comptoir/db/schema/platform';
import { type AppEnv, HttpProblem, type Principal } from '@comptoir/service-kit';
import { hashSecret } from '@comptoir/service-kit/tokens';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { AuthContext } from './context.js';
import { randomToken } from './secrets.js';
import { resolveActiveTenant, setSessionCookies, signAccessToken } from './sessions.js';

/** A browser session is needed (API keys have none). */
function sessionOf(principal: Principal): string {
  if (!principal.sessionId) {
    throw new HttpProblem(400, {
      type: 'session-required',
      detail: 'This needs a signed-in session, not an API key',
    });
  }
  return principal.sessionId;
}

/**
 * Points the caller's session at `tenantId` and issues tokens for it (a new refresh token of
 * the same family; the previous ones count as rotated).
 */
export async function switchSession(
  ctx: AuthContext,
  c: Context<AppEnv<DB>>,
  db: Kysely<DB>,
  tenantId: string,
) {
  const principal = c.var.principal;
  const sessionId = sessionOf(principal);
  const tenant = await resolveActiveTenant(db, principal.userId, tenantId);
  const session = await db
    .updateTable('platform.sessions')
    .set({ active_tenant_id: tenant!.tenantId, refreshed_at: new Date() })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'aal'])
    .executeTakeFirst();
  if (!session)
    throw new HttpProblem(401, { type: 'session-ended', detail: 'This session has ended; sign in again' });
  const user = await db
    .selectFrom('platform.users')
    .select(['id', 'email', 'name'])
    .where('id', '=', principal.userId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('platform.refresh_tokens')
    .set({ rotated_at: new Date() })
    .where('session_id', '=', sessionId)
    .where('rotated_at', 'is', null)
    .execute();
  const refreshToken = randomToken();
  await db
    .insertInto('platform.refresh_tokens')
    .values({ session_id: sessionId, token_hash: hashSecret(refreshToken) })
    .execute();
  await db
    .updateTable('platform.users')
    .set({ last_tenant_id: tenant!.tenantId })
    .where('id', '=', user.id)
    .execute();
  const access = await signAccessToken(ctx, user, tenant!, session);
  const tokens = {
    access_token: access.token,
    token_type: 'bearer' as const,
    expires_in: access.expiresAt - Math.floor(Date.now() / 1000),
    expires_at: access.expiresAt,
    refresh_token: refreshToken,
  };
  setSessionCookies(c, ctx, tokens);
  return tokens;
}
