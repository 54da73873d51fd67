/**
 * @module app
 * Builds the auth API (does not listen; see server.ts). Tests build it with a test database.
 */
import type { DB } from '@comptoir/db/schema/platform';
import type { PublicOrigin } from '@comptoir/routing';
import { createService } from '@comptoir/service-kit';
import { createTokenVerifier } from '@comptoir/service-kit/tokens';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { AuthConfig, AuthContext } from './context.js';
import type { SigningKeys } from './keys.js';
import { apiKeysRouter } from './routes/api-keys.js';
import { createMeRouter } from './routes/me.js';
import { createMembersRouter } from './routes/members.js';
import { createMfaRouter } from './routes/mfa.js';
import { createSessionRouter } from './routes/session.js';
import { SecretBox } from './secrets.js';
import { LoginThrottle, type ThrottleOptions } from './throttle.js';

export const SERVICE_NAME = 'auth';

/** What the auth API needs from its environment. */
export interface AuthDependencies {
  pool: pg.Pool;
  logger: Logger;
  keys: SigningKeys;
  /** 32 bytes, base64 (TOTP secrets, recovery-code pepper). */
  encryptionKey: string;
  config: Omit<AuthConfig, 'publicOrigin'> & { publicOrigin: PublicOrigin };
  throttle: ThrottleOptions;
  rateLimit: { points: number; durationSeconds: number } | false;
  metricsToken?: string | undefined;
  /** Also accept HS256 tokens of a Supabase project. */
  supabaseJwtSecret?: string | undefined;
}

/** @returns the service and the shared context (for background work such as the mailer). */
export function buildAuthService(deps: AuthDependencies) {
  const ctx: AuthContext = {
    pool: deps.pool,
    keys: deps.keys,
    config: deps.config,
    secrets: new SecretBox(deps.encryptionKey),
    throttle: new LoginThrottle(deps.pool, deps.throttle),
    logger: deps.logger,
  };
  const service = createService<DB>({
    name: SERVICE_NAME,
    title: 'Comptoir Auth API',
    version: '0.1.0',
    description:
      'One sign-in for every vertical: accounts, sessions (rotating refresh tokens), tenants, members, invitations, API keys, password reset, e-mail verification and TOTP MFA.',
    basePath: '/api/auth',
    pool: deps.pool,
    requestRole: 'auth_authenticated',
    verifyToken: createTokenVerifier({
      jwks: deps.keys.jwks,
      issuer: deps.config.issuer,
      supabaseJwtSecret: deps.supabaseJwtSecret,
    }),
    publicOrigin: deps.config.publicOrigin,
    logger: deps.logger,
    rateLimit: deps.rateLimit,
    trustProxy: deps.config.trustProxy,
    metricsToken: deps.metricsToken,
    publicRoutes: [createSessionRouter(ctx)],
    routes: [createMeRouter(ctx), createMembersRouter(ctx), apiKeysRouter, createMfaRouter(ctx)],
  });
  return { service, ctx };
}
