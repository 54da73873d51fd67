/**
 * @module context
 * What the auth routes share: configuration, signing keys, the secret box, the login throttle,
 * and the identity transaction (`withIdentity`), which runs as `auth_admin` for flows that come
 * before any tenant is known (sign-up, sign-in, refresh, password reset, invitation acceptance).
 */

import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/platform';
import type { PublicOrigin } from '@comptoir/routing';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { SigningKeys } from './keys.js';
import type { SecretBox } from './secrets.js';
import type { LoginThrottle } from './throttle.js';

/** Settings of the auth service (from env.ts). */
export interface AuthConfig {
  issuer: string;
  bcryptCost: number;
  refreshTokenTtlDays: number;
  refreshReuseIntervalSeconds: number;
  publicOrigin: PublicOrigin;
  /** Cookie `Domain`: the platform's parent domain, so one sign-in serves every subdomain. */
  cookieDomain: string;
  secureCookies: boolean;
  /** Serve stored e-mails at /dev/emails (never in production). */
  devMailbox: boolean;
  trustProxy: boolean;
}

/** Shared by every auth route. */
export interface AuthContext {
  pool: pg.Pool;
  keys: SigningKeys;
  config: AuthConfig;
  secrets: SecretBox;
  throttle: LoginThrottle;
  logger: Logger;
}

/**
 * Runs `work` in one transaction as `auth_admin` and commits it; rolls back on a throw.
 *
 * @param claims claims recorded by audit triggers (the acting user when known).
 */
export async function withIdentity<T>(
  ctx: AuthContext,
  requestId: string,
  claims: Record<string, unknown>,
  work: (db: Kysely<DB>, rdb: RequestDb<DB>) => Promise<T>,
): Promise<T> {
  const rdb = new RequestDb<DB>({ pool: ctx.pool, role: 'auth_admin', claims, requestId, mode: 'write' });
  try {
    const result = await work(rdb.db, rdb);
    await rdb.finish('commit');
    return result;
  } catch (error) {
    await rdb.finish('rollback');
    throw error;
  }
}
