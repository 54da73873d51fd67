/**
 * @module routes/activities
 * `/activities`: the timeline of a contact, a company or a deal (notes, calls, e-mails, meetings),
 * newest first; record, edit and trash activities.
 */

import { IdParamsSchema } from '@comptoir/contracts/common';
import {
  ActivityCreateSchema,
  ActivityListQuerySchema,
  ActivityPageSchema,
  ActivitySchema,
  ActivityUpdateSchema,
} from '@comptoir/contracts/crm/activities';
import type { DB } from '@comptoir/db/schema/crm';
import {
  type AppEnv,
  CONFLICT_RESPONSE,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import * as activities from '../db/activities.js';

const tags = ['Activities'];
const notFound = () => new HttpProblem(404, { detail: 'No activity with this id' });

export const activitiesRouter = new OpenAPIHono<AppEnv<DB>>();

activitiesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/activities',
    operationId: 'listActivities',
    summary: 'The timeline of a contact, a company or a deal, newest first',
    description: 'Give at least one of contact_id, company_id, deal_id (422 otherwise).',
    tags,
    ...guarded('activities:read'),
    request: { query: ActivityListQuerySchema },
    responses: { 200: jsonResponse(ActivityPageSchema, 'A page of the timeline'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await activities.listActivities(c.var.db, c.req.valid('query')), 200),
);

activitiesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/activities/{id}',
    operationId: 'getActivity',
    summary: 'Get an activity',
    tags,
    ...guarded('activities:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(ActivitySchema, 'The activity'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const activity = await activities.getActivity(c.var.db, c.req.valid('param').id);
    if (!activity) throw notFound();
    return c.json(activity, 200);
  },
);

activitiesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/activities',
    operationId: 'createActivity',
    summary: 'Record an activity',
    tags,
    ...guarded('activities:create'),
    request: { body: jsonBody(ActivityCreateSchema) },
    responses: { 201: jsonResponse(ActivitySchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => {
    const activity = await activities.createActivity(c.var.db, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    c.header('location', `/activities/${activity.id}`);
    return c.json(activity, 201);
  },
);

activitiesRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/activities/{id}',
    operationId: 'updateActivity',
    summary: 'Update an activity',
    tags,
    ...guarded('activities:update'),
    request: { params: IdParamsSchema, body: jsonBody(ActivityUpdateSchema) },
    responses: {
      200: jsonResponse(ActivitySchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const activity = await activities.updateActivity(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!activity) throw notFound();
    return c.json(activity, 200);
  },
);

activitiesRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/activities/{id}',
    operationId: 'deleteActivity',
    summary: 'Move an activity to the trash',
    tags,
    ...guarded('activities:delete'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Moved to the trash' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    if (!(await activities.deleteActivity(c.var.db, c.req.valid('param').id))) throw notFound();
    return c.body(null, 204);
  },
);
