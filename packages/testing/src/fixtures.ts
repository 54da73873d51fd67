/**
 * @module fixtures
 * Fixtures of the integration tests: tenants, users and members written with the superuser
 * connection (setup only; what is under test always goes through the real HTTP handlers), and
 * access tokens signed with the run's key exactly as the auth service signs them.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@comptoir/contracts/permissions';
import { createPool } from '@comptoir/db/pool';
import { createTokenVerifier } from '@comptoir/service-kit/tokens';
import { importJWK, SignJWT } from 'jose';
import pg from 'pg';
import pino from 'pino';
import { afterAll, inject } from 'vitest';
import './context.js';

/** The run's database context (see global-setup). */
export const testDb = () => inject('testDb');

/** A superuser pool for fixtures and for checking what was written; closed after the file. */
export function useAdminPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: testDb().adminUrl, max: 3 });
  afterAll(() => pool.end());
  return pool;
}

/**
 * A pool of a service's own login role (what the service connects as), made exactly as the
 * service makes it (`createPool`: timeouts, int8 parsing); closed after the file.
 */
export function useServicePool(service: string, max = 5): pg.Pool {
  const url = testDb().serviceUrls[service];
  if (!url) throw new Error(`no login role for service ${service}`);
  const pool = createPool({ connectionString: url, max, applicationName: `test-${service}` });
  afterAll(() => pool.end());
  return pool;
}

/** A silent logger for apps under test. */
export const silentLogger = () => pino({ level: 'silent' });

/** Token verifier trusting the run's signing key. */
export const testTokenVerifier = () =>
  createTokenVerifier({ jwks: testDb().jwks as never, issuer: testDb().issuer });

/** A tenant and one member. */
export interface TestMember {
  tenantId: string;
  userId: string;
  email: string;
  role: Role;
}

/** Creates a tenant with an OWNER; `slug` and `email` are unique per call. */
export async function createTenant(admin: pg.Pool, name = 'Test tenant'): Promise<TestMember> {
  const tenantId = randomUUID();
  const slug = `t-${tenantId.slice(0, 8)}`;
  await admin.query('insert into platform.tenants (id, slug, name) values ($1, $2, $3)', [
    tenantId,
    slug,
    name,
  ]);
  return addMember(admin, tenantId, 'OWNER');
}

/** Adds a new user with `role` to a tenant. */
export async function addMember(admin: pg.Pool, tenantId: string, role: Role): Promise<TestMember> {
  const userId = randomUUID();
  const email = `${role.toLowerCase()}-${userId.slice(0, 8)}@example.test`;
  await admin.query(
    `insert into platform.users (id, email, password_hash, name) values ($1, $2, 'not-a-login', $3)`,
    [userId, email, `${role} ${userId.slice(0, 4)}`],
  );
  await admin.query('insert into platform.memberships (tenant_id, user_id, role) values ($1, $2, $3)', [
    tenantId,
    userId,
    role,
  ]);
  return { tenantId, userId, email, role };
}

/** Signs an access token for a member, as the auth service would (ES256, 15 minutes). */
export async function signAccessToken(
  member: Pick<TestMember, 'tenantId' | 'userId' | 'email' | 'role'>,
  options: { expiresIn?: string; sessionId?: string } = {},
): Promise<string> {
  const ctx = testDb();
  const key = await importJWK(ctx.privateJwk as never, 'ES256');
  return new SignJWT({
    role: 'authenticated',
    email: member.email,
    session_id: options.sessionId ?? randomUUID(),
    aal: 'aal1',
    app_metadata: { tenant_id: member.tenantId, tenant_role: member.role, provider: 'email' },
    user_metadata: {},
  })
    .setProtectedHeader({ alg: 'ES256', kid: String(ctx.privateJwk.kid) })
    .setSubject(member.userId)
    .setAudience('authenticated')
    .setIssuer(ctx.issuer)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '15m')
    .sign(key);
}

/** `Authorization` header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
