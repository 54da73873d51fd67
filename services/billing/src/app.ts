/**
 * @module app
 * Builds the billing API (does not listen; see server.ts). Tests build it with a test database.
 */
import type { DB } from '@comptoir/db/schema/billing';
import type { PublicOrigin } from '@comptoir/routing';
import { createService } from '@comptoir/service-kit';
import type { TokenVerifier } from '@comptoir/service-kit/tokens';
import type pg from 'pg';
import type { Logger } from 'pino';
import { catalogRouter } from './routes/catalog.js';
import { customersRouter } from './routes/customers.js';
import { documentsRouter } from './routes/documents.js';
import { dunningRouter } from './routes/dunning.js';
import { EINVOICE_MAX_BYTES, einvoicesRouter } from './routes/einvoices.js';
import { invoicesRouter } from './routes/invoices.js';
import { plansRouter, type StripeClient } from './routes/plans.js';
import { quotesRouter } from './routes/quotes.js';
import { recurringRouter } from './routes/recurring.js';
import { sepaRouter } from './routes/sepa.js';
import { settingsRouter } from './routes/settings.js';
import { stripeWebhookRouter } from './routes/stripe-webhook.js';

/** What the billing API needs from its environment. */
export interface BillingDependencies {
  pool: pg.Pool;
  verifyToken: TokenVerifier;
  publicOrigin: PublicOrigin;
  logger: Logger;
  rateLimit: { points: number; durationSeconds: number } | false;
  trustProxy: boolean;
  metricsToken?: string | undefined;
  /** Stripe client (STRIPE_SECRET_KEY) and webhook signing secret; each optional (503 without). */
  stripe?: { client?: StripeClient | undefined; webhookSecret?: string | undefined };
}

export const SERVICE_NAME = 'billing';

/** @returns the service (its `app` answers `fetch`/`request`). */
export function buildBillingService({ stripe, ...deps }: BillingDependencies) {
  return createService<DB>({
    name: SERVICE_NAME,
    title: 'Comptoir Billing API',
    version: '0.1.0',
    description:
      'Customers, tax rates, price list, invoices and credit notes with gapless numbering, and payments of a tenant. Amounts are integer minor units of an ISO 4217 currency.',
    basePath: '/api/billing',
    requestRole: 'billing_authenticated',
    ...deps,
    bodyLimits: [{ pathPrefix: '/einvoices', maxBytes: EINVOICE_MAX_BYTES }],
    publicRoutes: [stripeWebhookRouter({ webhookSecret: stripe?.webhookSecret, pool: deps.pool })],
    routes: [
      settingsRouter,
      customersRouter,
      catalogRouter,
      invoicesRouter,
      documentsRouter,
      quotesRouter,
      sepaRouter,
      dunningRouter,
      recurringRouter,
      einvoicesRouter,
      plansRouter({ stripe: stripe?.client, publicOrigin: deps.publicOrigin }),
    ],
  });
}
