/**
 * @module app
 * Builds the CRM API (does not listen; see server.ts). Tests build it with a test database.
 */
import type { DB } from '@comptoir/db/schema/crm';
import type { PublicOrigin } from '@comptoir/routing';
import { createService } from '@comptoir/service-kit';
import type { TokenVerifier } from '@comptoir/service-kit/tokens';
import type pg from 'pg';
import type { Logger } from 'pino';
import { contactsRouter } from './routes/contacts.js';

/** What the CRM API needs from its environment. */
export interface CrmDependencies {
  pool: pg.Pool;
  verifyToken: TokenVerifier;
  publicOrigin: PublicOrigin;
  logger: Logger;
  rateLimit: { points: number; durationSeconds: number } | false;
  trustProxy: boolean;
  metricsToken?: string | undefined;
}

export const SERVICE_NAME = 'crm';

/** @returns the service (its `app` answers `fetch`/`request`). */
export function buildCrmService(deps: CrmDependencies) {
  return createService<DB>({
    name: SERVICE_NAME,
    title: 'Comptoir CRM API',
    version: '0.1.0',
    description: 'Contacts, companies, deals, activities and tasks of a tenant.',
    basePath: '/api/crm',
    requestRole: 'crm_authenticated',
    ...deps,
    routes: [contactsRouter],
  });
}
