/**
 * @module routes/pipeline-routes
 * Routers of pipelines, stages, deals, activities and tasks (mounted by app.ts).
 */
import type { DB } from '@comptoir/db/schema/crm';
import type { AppEnv } from '@comptoir/service-kit';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { activitiesRouter } from './activities.js';
import { dealsRouter } from './deals.js';
import { pipelinesRouter } from './pipelines.js';
import { tasksRouter } from './tasks.js';

export const pipelineRoutes: OpenAPIHono<AppEnv<DB>>[] = [
  pipelinesRouter,
  dealsRouter,
  activitiesRouter,
  tasksRouter,
];
