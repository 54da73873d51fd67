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
import { companiesRouter } from './routes/companies.js';
import { contactsRouter } from './routes/contacts.js';
import { customFieldsRouter } from './routes/custom-fields.js';
import { importRoutes } from './routes/import-routes.js';
import { pipelineRoutes } from './routes/pipeline-routes.js';
import { sharesRouter } from './routes/shares.js';

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

/** Largest file an import accepts (bytes): 100 MiB, far above 100k contacts. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

/** @returns the service (its `app` answers `fetch`/`request`). */
export function buildCrmService(deps: CrmDependencies) {
  return createService<DB>({
    name: SERVICE_NAME,
    title: 'Comptoir CRM API',
    version: '0.2.0',
    description:
      'Contacts, companies, custom fields, sharing, pipelines and deals, activities and tasks, search, duplicates and merge, imports and exports of a tenant.',
    basePath: '/api/crm',
    requestRole: 'crm_authenticated',
    ...deps,
    bodyLimits: [{ pathPrefix: '/imports', maxBytes: IMPORT_MAX_BYTES }],
    routes: [
      contactsRouter,
      companiesRouter,
      customFieldsRouter,
      sharesRouter,
      ...pipelineRoutes,
      ...importRoutes,
    ],
  });
}
