/**
 * @module routes/import-routes
 * Routers of imports (CSV, vCard) and exports (CSV, vCard) (mounted by app.ts).
 */
import type { DB } from '@comptoir/db/schema/crm';
import type { AppEnv } from '@comptoir/service-kit';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { exportsRouter } from './exports.js';
import { importsRouter } from './imports.js';

export const importRoutes: OpenAPIHono<AppEnv<DB>>[] = [importsRouter, exportsRouter];
