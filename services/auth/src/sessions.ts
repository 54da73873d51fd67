/**
 * @module sessions
 * Sessions, access tokens and rotating refresh tokens.
 *
 * - Access token: ES256 JWT, 15 minutes, Supabase-shaped claims; the tenant and role it acts for
 *   sit in `app_metadata` (set only here).
 * - Refresh token: 32 random bytes, stored as SHA-256, valid REFRESH_TOKEN_TTL_DAYS. Each use
 *   rotates it (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2). A rotated token presented again
 *   after the reuse interval means it was stolen: the whole session (token family) is revoked.
 *   Within the interval (default 10 s) it is treated as a client race (two tabs refreshing at
 *   once) and gets a fresh token of the same family.
 * - Browsers receive both tokens as httpOnly cookies on the platform's parent domain, so one
 *   sign-in serves every vertical's subdomain; other clients read them from the JSON body.
 */
import type { SessionTokens } from '@comptoir/contracts/auth';
import type { Role } from '@comptoir/contracts/permissions';
import type { DB } from '@comptoir/db/schema/platform';
import { HttpProblem } from '@comptoir/service-kit';
import {
  ACCESS_COOKIE,
  ACCESS_TOKEN_TTL_SECONDS,
  hashSecret,
  REFRESH_COOKIE,
} from '@comptoir/service-kit/tokens';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { jwtVerify, SignJWT } from 'jose';
import { type Kysely, sql } from 'kysely';
import type { AuthContext } from './context.js';
import { randomToken } from './secrets.js';

/** A user as the token issuer needs it. */
export interface TokenSubject {
  id: string;
  email: string;
  name: string;
}

/** The tenant a session acts for, and the user's role there. */
export interface ActiveTenant {
  tenantId: string;
  role: Role;
}

/**
 * The tenant to act for: `preferred` when the user is a member of it, else the last one used,
 * else the oldest membership; undefined when the user belongs to no tenant.
 *
 * @throws {HttpProblem} 404 when `preferred` is given and the user is not a member of it.
 */
export async function resolveActiveTenant(
  db: Kysely<DB>,
  userId: string,
  preferred?: string | null,
  lastUsed?: string | null,
): Promise<ActiveTenant | undefined> {
  const memberships = await db
    .selectFrom('platform.memberships')
    .select(['tenant_id', 'role', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  if (preferred) {
    const m = memberships.find((x) => x.tenant_id === preferred);
    if (!m) throw new HttpProblem(404, { detail: 'You are not a member of this tenant' });
    return { tenantId: m.tenant_id, role: m.role as Role };
  }
  const m = memberships.find((x) => x.tenant_id === lastUsed) ?? memberships[0];
  return m ? { tenantId: m.tenant_id, role: m.role as Role } : undefined;
}

/** Signs an access token (ES256) for a session acting for a tenant. */
export async function signAccessToken(
  ctx: AuthContext,
  user: TokenSubject,
  tenant: ActiveTenant,
  session: { id: string; aal: string },
): Promise<{ token: string; expiresAt: number }> {
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = now + ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({
    email: user.email,
    phone: '',
    role: 'authenticated',
    aal: session.aal,
    amr: [{ method: session.aal === 'aal2' ? 'totp' : 'password', timestamp: now }],
    session_id: session.id,
    is_anonymous: false,
    app_metadata: {
      provider: 'email',
      providers: ['email'],
      tenant_id: tenant.tenantId,
      tenant_role: tenant.role,
    },
    user_metadata: { name: user.name },
  })
    .setProtectedHeader({ alg: 'ES256', kid: ctx.keys.kid, typ: 'JWT' })
    .setIssuer(ctx.config.issuer)
    .setAudience('authenticated')
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .sign(ctx.keys.privateKey);
  return { token, expiresAt };
}

/** Client details recorded on a session. */
export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

/**
 * Opens a session: its first refresh token and an access token.
 *
 * @returns the tokens (RFC 6749 section 5.1 field names).
 */
export async function openSession(
  ctx: AuthContext,
  db: Kysely<DB>,
  user: TokenSubject,
  tenant: ActiveTenant,
  aal: 'aal1' | 'aal2',
  client: ClientInfo,
): Promise<SessionTokens & { session_id: string }> {
  const session = await db
    .insertInto('platform.sessions')
    .values({
      user_id: user.id,
      active_tenant_id: tenant.tenantId,
      aal,
      user_agent: client.userAgent?.slice(0, 500) ?? null,
      ip: client.ip && /^[0-9a-f.:]+$/i.test(client.ip) ? client.ip : null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const refreshToken = randomToken();
  await db
    .insertInto('platform.refresh_tokens')
    .values({ session_id: session.id, token_hash: hashSecret(refreshToken) })
    .execute();
  await db
    .updateTable('platform.users')
    .set({ last_sign_in_at: new Date(), last_tenant_id: tenant.tenantId })
    .where('id', '=', user.id)
    .execute();
  const access = await signAccessToken(ctx, user, tenant, { id: session.id, aal });
  return {
    access_token: access.token,
    token_type: 'bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    expires_at: access.expiresAt,
    refresh_token: refreshToken,
    session_id: session.id,
  };
}

/** Outcome of {@link refreshSession}: new tokens, or a detected reuse (the session was revoked). */
export type RefreshOutcome = { tokens: SessionTokens } | { reused: true };

/**
 * Exchanges a refresh token for new tokens (rotation with reuse detection, see module doc).
 * On reuse the session is revoked and `{ reused: true }` returned, so the caller commits the
 * revocation before refusing.
 *
 * @throws {HttpProblem} 401 for an unknown, expired or revoked token (nothing written).
 */
export async function refreshSession(
  ctx: AuthContext,
  db: Kysely<DB>,
  refreshToken: string,
): Promise<RefreshOutcome> {
  const invalid = (detail: string) =>
    new HttpProblem(401, {
      type: 'invalid-refresh-token',
      detail,
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  const row = await db
    .selectFrom('platform.refresh_tokens as t')
    .innerJoin('platform.sessions as s', 's.id', 't.session_id')
    .innerJoin('platform.users as u', 'u.id', 's.user_id')
    .select([
      't.id as token_id',
      't.created_at as token_created_at',
      't.rotated_at',
      't.revoked_at',
      's.id as session_id',
      's.aal',
      's.active_tenant_id',
      's.revoked_at as session_revoked_at',
      'u.id as user_id',
      'u.email',
      'u.name',
    ])
    .where('t.token_hash', '=', hashSecret(refreshToken))
    .forUpdate('t')
    .executeTakeFirst();
  if (!row || row.session_revoked_at || row.revoked_at) throw invalid('Sign in again');
  const ttlMs = ctx.config.refreshTokenTtlDays * 86_400_000;
  if (row.token_created_at.getTime() < Date.now() - ttlMs)
    throw invalid('The session has expired; sign in again');

  if (row.rotated_at) {
    const graceMs = ctx.config.refreshReuseIntervalSeconds * 1000;
    if (row.rotated_at.getTime() < Date.now() - graceMs) {
      await db
        .updateTable('platform.sessions')
        .set({ revoked_at: new Date(), revoked_reason: 'refresh_token_reuse' })
        .where('id', '=', row.session_id)
        .execute();
      await db
        .updateTable('platform.refresh_tokens')
        .set({ revoked_at: new Date() })
        .where('session_id', '=', row.session_id)
        .where('revoked_at', 'is', null)
        .execute();
      ctx.logger.warn({ session_id: row.session_id }, 'refresh token reuse: session revoked');
      return { reused: true };
    }
  } else {
    await db
      .updateTable('platform.refresh_tokens')
      .set({ rotated_at: new Date() })
      .where('id', '=', row.token_id)
      .execute();
  }

  const tenant = await resolveActiveTenant(db, row.user_id, null, row.active_tenant_id);
  if (!tenant) throw invalid('You are no longer a member of any tenant');
  const next = randomToken();
  await db
    .insertInto('platform.refresh_tokens')
    .values({ session_id: row.session_id, token_hash: hashSecret(next), parent_id: row.token_id })
    .execute();
  await db
    .updateTable('platform.sessions')
    .set({ refreshed_at: new Date(), active_tenant_id: tenant.tenantId })
    .where('id', '=', row.session_id)
    .execute();
  const access = await signAccessToken(ctx, { id: row.user_id, email: row.email, name: row.name }, tenant, {
    id: row.session_id,
    aal: row.aal,
  });
  return {
    tokens: {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      expires_at: access.expiresAt,
      refresh_token: next,
    },
  };
}

/** Revokes a session and every token of its family. */
export async function revokeSession(db: Kysely<DB>, sessionId: string, reason: string): Promise<void> {
  await db
    .updateTable('platform.sessions')
    .set({ revoked_at: sql`coalesce(revoked_at, now())`, revoked_reason: reason })
    .where('id', '=', sessionId)
    .execute();
  await db
    .updateTable('platform.refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('session_id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every session of a user (password reset, MFA change). */
export async function revokeAllSessions(db: Kysely<DB>, userId: string, reason: string): Promise<void> {
  const sessions = await db
    .selectFrom('platform.sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  for (const s of sessions) await revokeSession(db, s.id, reason);
}

/** Sets the session cookies (httpOnly, SameSite=Lax, on the platform's parent domain). */
export function setSessionCookies(c: Context, ctx: AuthContext, tokens: SessionTokens): void {
  const common = {
    domain: ctx.config.cookieDomain,
    path: '/',
    httpOnly: true,
    secure: ctx.config.secureCookies,
    sameSite: 'Lax' as const,
  };
  setCookie(c, ACCESS_COOKIE, tokens.access_token, { ...common, maxAge: tokens.expires_in });
  setCookie(c, REFRESH_COOKIE, tokens.refresh_token, {
    ...common,
    maxAge: ctx.config.refreshTokenTtlDays * 86_400,
  });
}

/** Clears the session cookies. */
export function clearSessionCookies(c: Context, ctx: AuthContext): void {
  const common = { domain: ctx.config.cookieDomain, path: '/', secure: ctx.config.secureCookies };
  deleteCookie(c, ACCESS_COOKIE, common);
  deleteCookie(c, REFRESH_COOKIE, common);
}

/** Lifetime of the MFA ticket between the password step and the code step. */
const MFA_TICKET_SECONDS = 300;

/** A short-lived ticket proving the password step of a sign-in with MFA. */
export async function signMfaTicket(
  ctx: AuthContext,
  userId: string,
  tenantId: string | null,
): Promise<string> {
  return new SignJWT({ purpose: 'mfa', tenant_id: tenantId })
    .setProtectedHeader({ alg: 'ES256', kid: ctx.keys.kid })
    .setIssuer(ctx.config.issuer)
    .setAudience('comptoir-mfa')
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(`${MFA_TICKET_SECONDS}s`)
    .sign(ctx.keys.privateKey);
}

/**
 * Verifies an MFA ticket.
 *
 * @throws {HttpProblem} 401 when the ticket is invalid or older than 5 minutes.
 */
export async function verifyMfaTicket(
  ctx: AuthContext,
  ticket: string,
): Promise<{ userId: string; tenantId: string | null }> {
  try {
    const { payload } = await jwtVerify(ticket, ctx.keys.publicKey, {
      issuer: ctx.config.issuer,
      audience: 'comptoir-mfa',
      algorithms: ['ES256'],
    });
    if (payload.purpose !== 'mfa' || typeof payload.sub !== 'string') throw new Error('not an MFA ticket');
    return {
      userId: payload.sub,
      tenantId: typeof payload.tenant_id === 'string' ? payload.tenant_id : null,
    };
  } catch {
    throw new HttpProblem(401, {
      type: 'invalid-mfa-token',
      detail: 'The sign-in step expired; sign in again',
    });
  }
}
