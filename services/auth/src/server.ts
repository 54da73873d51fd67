/**
 * @module server
 * Starts the auth API: HTTP listener, the e-mail delivery loop and background work (job queue,
 * outbox relay, maintenance), with graceful shutdown.
 */
import { createPool } from '@comptoir/db/pool';
import { parsePublicOrigin } from '@comptoir/routing';
import { createLogger } from '@comptoir/service-kit';
import { startBackgroundWork } from '@comptoir/service-kit/background';
import { startServer } from '@comptoir/service-kit/server';
import { buildAuthService, SERVICE_NAME } from './app.js';
import { loadEnv } from './env.js';
import { loadSigningKeys } from './keys.js';
import { startMailer } from './mail/outbox.js';

const env = loadEnv();
const logger = createLogger(SERVICE_NAME, env.LOG_LEVEL);
const pool = createPool({ connectionString: env.DATABASE_URL, applicationName: 'auth-api', max: 20 });
const publicOrigin = parsePublicOrigin(env.PUBLIC_BASE_URL);
const { service, ctx } = buildAuthService({
  pool,
  logger,
  keys: await loadSigningKeys(env.AUTH_PRIVATE_JWK),
  encryptionKey: env.AUTH_ENCRYPTION_KEY,
  config: {
    issuer: env.AUTH_ISSUER,
    bcryptCost: env.BCRYPT_COST,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    refreshReuseIntervalSeconds: env.REFRESH_REUSE_INTERVAL_SECONDS,
    publicOrigin,
    cookieDomain: publicOrigin.domain,
    secureCookies: publicOrigin.scheme === 'https',
    devMailbox: env.NODE_ENV !== 'production',
    trustProxy: env.TRUST_PROXY,
  },
  throttle: {
    maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
    windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
  },
  rateLimit: { points: env.RATE_LIMIT_POINTS, durationSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
  metricsToken: env.METRICS_TOKEN,
  supabaseJwtSecret: env.SUPABASE_JWT_SECRET,
});
const stopMailer = startMailer(ctx, { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
const background = await startBackgroundWork({
  name: SERVICE_NAME,
  connectionString: env.DATABASE_URL,
  pool,
  logger,
  retentionDays: env.SOFT_DELETE_RETENTION_DAYS,
});

await startServer({
  fetch: service.app.fetch,
  port: env.PORT,
  hostname: env.HOST,
  logger,
  state: service.state,
  onShutdown: [stopMailer, () => background.stop(), () => pool.end()],
});
