/**
 * @module auth
 * Authentication of API calls: a bearer access token (JWT), an API key (`Authorization: Bearer
 * cpt_…` or `X-Api-Key`), or the httpOnly session cookie of the web apps. Sets
 * `c.var.principal`; answers 401 with `WWW-Authenticate` (RFC 6750 section 3) otherwise.
 *
 * Cookie-authenticated unsafe requests must come from a platform origin (CSRF defence on top of
 * SameSite=Lax cookies and JSON-only bodies).
 */
import { isPermission, type Permission, permissionsOf, type Role } from '@comptoir/contracts/permissions';
import { isPlatformOrigin, type PublicOrigin } from '@comptoir/routing';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type pg from 'pg';
import type { AppEnv, Principal } from './context.js';
import { HttpProblem } from './problem.js';
import {
  ACCESS_COOKIE,
  type AccessClaims,
  hashSecret,
  InvalidTokenError,
  parseApiKey,
  type TokenVerifier,
} from './tokens.js';

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  verifyToken: TokenVerifier;
  /** The service's login-role pool (API-key verification runs there, before any tenant is known). */
  pool: pg.Pool;
  publicOrigin: PublicOrigin;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthorized = (detail: string, error = 'invalid_token') =>
  new HttpProblem(401, {
    type: 'unauthenticated',
    detail,
    headers: { 'www-authenticate': `Bearer realm="comptoir", error="${error}"` },
  });

/** A principal from verified access-token claims. */
export function principalFromClaims(claims: AccessClaims, viaCookie: boolean): Principal {
  const role = claims.app_metadata.tenant_role as Role;
  return {
    kind: 'user',
    userId: claims.sub,
    tenantId: claims.app_metadata.tenant_id,
    role,
    email: claims.email,
    sessionId: claims.session_id,
    apiKeyId: undefined,
    permissions: new Set(permissionsOf(role)),
    claims,
    viaCookie,
  };
}

interface ApiKeyRow {
  api_key_id: string;
  tenant_id: string;
  user_id: string;
  email: string;
  permissions: string[];
  tenant_role: Role;
}

// API keys whose last_used_at this process refreshed recently (at most once a minute each).
const touched = new Map<string, number>();

async function principalFromApiKey(pool: pg.Pool, key: string): Promise<Principal> {
  const parsed = parseApiKey(key);
  if (!parsed) throw unauthorized('The API key is not valid');
  const { rows } = await pool.query<ApiKeyRow>({
    name: 'verify-api-key',
    text: 'select * from private.verify_api_key($1, $2)',
    values: [parsed.prefix, hashSecret(parsed.secret)],
  });
  const row = rows[0];
  if (!row) throw unauthorized('The API key is not valid, revoked or expired');
  const now = Date.now();
  if ((touched.get(row.api_key_id) ?? 0) < now - 60_000) {
    touched.set(row.api_key_id, now);
    pool.query('select private.touch_api_key($1)', [row.api_key_id]).catch(() => {});
  }
  // A key never exceeds its owner's current role.
  const permissions = new Set<Permission>(
    row.permissions.filter(
      (p): p is Permission => isPermission(p) && permissionsOf(row.tenant_role).includes(p),
    ),
  );
  const claims = {
    sub: row.user_id,
    role: 'authenticated',
    aud: 'authenticated',
    email: row.email,
    app_metadata: {
      tenant_id: row.tenant_id,
      tenant_role: row.tenant_role,
      api_key_id: row.api_key_id,
      permissions: [...permissions],
    },
  };
  return {
    kind: 'api_key',
    userId: row.user_id,
    tenantId: row.tenant_id,
    role: row.tenant_role,
    email: row.email,
    sessionId: undefined,
    apiKeyId: row.api_key_id,
    permissions,
    claims,
    viaCookie: false,
  };
}

/**
 * Resolves the caller of a request, or null when it carries no credential.
 *
 * @throws {HttpProblem} 401 for a credential that does not verify.
 */
export async function resolvePrincipal(
  options: AuthenticateOptions,
  headers: { authorization?: string | undefined; apiKey?: string | undefined; cookie?: string | undefined },
): Promise<Principal | null> {
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (headers.authorization && !bearer)
    throw unauthorized('Use "Authorization: Bearer <token>"', 'invalid_request');
  const apiKey = headers.apiKey ?? (bearer?.startsWith('cpt_') ? bearer : undefined);
  if (apiKey) return principalFromApiKey(options.pool, apiKey);
  const token = bearer ?? headers.cookie;
  if (!token) return null;
  try {
    return principalFromClaims(await options.verifyToken(token), !bearer);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized(error.message);
    throw error;
  }
}

/**
 * Requires a caller; sets `c.var.principal`.
 *
 * @example
 * app.use(authenticate({ verifyToken, pool, publicOrigin }));
 */
export function authenticate(options: AuthenticateOptions) {
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    const principal = await resolvePrincipal(options, {
      authorization: c.req.header('authorization'),
      apiKey: c.req.header('x-api-key'),
      cookie: getCookie(c, ACCESS_COOKIE),
    });
    if (!principal) throw unauthorized('Sign in, or send a bearer token or an API key', 'invalid_request');
    if (principal.viaCookie && !SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin') ?? c.req.header('referer');
      if (!origin || !isPlatformOrigin(options.publicOrigin, origin)) {
        throw new HttpProblem(403, {
          type: 'cross-site-request',
          detail: 'Cross-site requests with the session cookie are refused',
        });
      }
    }
    c.set('principal', principal);
    await next();
  });
}

/**
 * Refuses (403) a caller whose role or API-key scope lacks `permission`. Deny by default: an
 * unknown permission is refused to everyone.
 *
 * @example
 * createRoute({ method: 'delete', path: '/contacts/{id}', middleware: [requirePermission('contacts:delete')], … })
 */
export function requirePermission(permission: Permission): MiddlewareHandler {
  // Typed with the default Env so routes keep their own AppEnv<DB> in handlers.
  return createMiddleware(async function requirePermission(c, next) {
    const principal = (c as Context<AppEnv>).var.principal;
    if (!principal?.permissions.has(permission)) {
      throw new HttpProblem(403, {
        type: 'forbidden',
        detail: `Your role does not allow this (${permission})`,
        extensions: { permission },
      });
    }
    await next();
  });
}
