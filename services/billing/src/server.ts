/**
 * @module server
 * Starts the billing API: HTTP listener and background work (job queue, outbox relay, maintenance),
 * with graceful shutdown.
 */
import { createPool } from '@comptoir/db/pool';
import { parsePublicOrigin } from '@comptoir/routing';
import { createLogger } from '@comptoir/service-kit';
import { startBackgroundWork } from '@comptoir/service-kit/background';
import { jwksSource } from '@comptoir/service-kit/env';
import { startServer } from '@comptoir/service-kit/server';
import { createTokenVerifier } from '@comptoir/service-kit/tokens';
import Stripe from 'stripe';
import { buildBillingService, SERVICE_NAME } from './app.js';
import { loadEnv } from './env.js';
import { registerDealWonConsumer } from './jobs/deal-won.js';
import { registerTenantJobs } from './jobs/tenant-jobs.js';

const env = loadEnv();
const logger = createLogger(SERVICE_NAME, env.LOG_LEVEL);
const pool = createPool({ connectionString: env.DATABASE_URL, applicationName: 'billing-api', max: 20 });
const service = buildBillingService({
  pool,
  logger,
  verifyToken: createTokenVerifier({
    jwks: jwksSource(env.AUTH_JWKS),
    issuer: env.AUTH_ISSUER,
    supabaseJwtSecret: env.SUPABASE_JWT_SECRET,
  }),
  publicOrigin: parsePublicOrigin(env.PUBLIC_BASE_URL),
  rateLimit: { points: env.RATE_LIMIT_POINTS, durationSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
  trustProxy: env.TRUST_PROXY,
  metricsToken: env.METRICS_TOKEN,
  stripe: {
    client: env.STRIPE_SECRET_KEY ? new Stripe(env.STRIPE_SECRET_KEY) : undefined,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  },
});
const background = await startBackgroundWork({
  name: SERVICE_NAME,
  connectionString: env.DATABASE_URL,
  pool,
  logger,
  retentionDays: env.SOFT_DELETE_RETENTION_DAYS,
});

// A won CRM deal drafts a quote for its company.
await registerDealWonConsumer(background.jobs.boss, { pool, logger });
// Every hour: reminders of overdue invoices, and the invoices of recurring templates.
await registerTenantJobs(background.jobs.boss, { pool, logger });

await startServer({
  fetch: service.app.fetch,
  port: env.PORT,
  hostname: env.HOST,
  logger,
  state: service.state,
  onShutdown: [() => background.stop(), () => pool.end()],
});
