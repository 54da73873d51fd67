/**
 * @module routes/deals
 * `/deals`: list, read (with stage history), create, update, trash and restore deals, move them on
 * the kanban board; `/pipelines/{id}/board`: the board itself with totals per stage. CLIENT
 * members see only the deals shared with them (Row Level Security).
 */
import { IdParamsSchema } from '@comptoir/contracts/common';
import {
  BoardQuerySchema,
  BoardSchema,
  DealCreateSchema,
  DealDetailSchema,
  DealListQuerySchema,
  DealMoveSchema,
  DealPageSchema,
  DealSchema,
  DealUpdateSchema,
} from '@comptoir/contracts/crm/deals';
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
import * as deals from '../db/deals.js';

const tags = ['Deals'];
const notFound = () => new HttpProblem(404, { detail: 'No deal with this id' });

export const dealsRouter = new OpenAPIHono<AppEnv<DB>>();

dealsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/pipelines/{id}/board',
    operationId: 'getPipelineBoard',
    summary: 'The kanban board of a pipeline',
    description:
      'Stages in order, each with its first deals by rank and totals over all its deals: count, sums per currency and sums weighted by the stage probability.',
    tags,
    ...guarded('deals:read'),
    request: { params: IdParamsSchema, query: BoardQuerySchema },
    responses: { 200: jsonResponse(BoardSchema, 'The board'), ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const board = await deals.getBoard(c.var.db, c.req.valid('param').id, c.req.valid('query'));
    if (!board) throw new HttpProblem(404, { detail: 'No pipeline with this id' });
    return c.json(board, 200);
  },
);

dealsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/deals',
    operationId: 'listDeals',
    summary: 'List deals, newest first',
    tags,
    ...guarded('deals:read'),
    request: { query: DealListQuerySchema },
    responses: { 200: jsonResponse(DealPageSchema, 'A page of deals'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await deals.listDeals(c.var.db, c.req.valid('query')), 200),
);

dealsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/deals/{id}',
    operationId: 'getDeal',
    summary: 'Get a deal with its stage history',
    tags,
    ...guarded('deals:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(DealDetailSchema, 'The deal'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const deal = await deals.getDealDetail(c.var.db, c.req.valid('param').id);
    if (!deal) throw notFound();
    return c.json(deal, 200);
  },
);

dealsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/deals',
    operationId: 'createDeal',
    summary: 'Create a deal',
    description:
      'Placed last in its stage: the given one, else the first open stage of the given pipeline, else of the first pipeline. Created in a won stage, it emits `crm.deal.won`.',
    tags,
    ...guarded('deals:create'),
    request: { body: jsonBody(DealCreateSchema) },
    responses: { 201: jsonResponse(DealSchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => {
    const deal = await deals.createDeal(c.var.db, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    c.header('location', `/deals/${deal.id}`);
    return c.json(deal, 201);
  },
);

dealsRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/deals/{id}',
    operationId: 'updateDeal',
    summary: 'Update a deal',
    description: 'Stage and position change through `POST /deals/{id}/move`.',
    tags,
    ...guarded('deals:update'),
    request: { params: IdParamsSchema, body: jsonBody(DealUpdateSchema) },
    responses: {
      200: jsonResponse(DealSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const deal = await deals.updateDeal(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!deal) throw notFound();
    return c.json(deal, 200);
  },
);

dealsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/deals/{id}/move',
    operationId: 'moveDeal',
    summary: 'Move a deal to a stage and a position on the board',
    description:
      'Between `after_id` and `before_id` (deals of the target stage), else last. Reaching a won stage emits `crm.deal.won` once; a lost stage takes an optional `lost_reason`.',
    tags,
    ...guarded('deals:update'),
    request: { params: IdParamsSchema, body: jsonBody(DealMoveSchema) },
    responses: {
      200: jsonResponse(DealSchema, 'Moved'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const deal = await deals.moveDeal(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!deal) throw notFound();
    return c.json(deal, 200);
  },
);

dealsRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/deals/{id}',
    operationId: 'deleteDeal',
    summary: 'Move a deal to the trash',
    description: 'Soft delete: restorable until purged.',
    tags,
    ...guarded('deals:delete'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Moved to the trash' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    if (!(await deals.deleteDeal(c.var.db, c.req.valid('param').id))) throw notFound();
    return c.body(null, 204);
  },
);

dealsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/deals/{id}/restore',
    operationId: 'restoreDeal',
    summary: 'Restore a deal from the trash',
    tags,
    ...guarded('deals:delete'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(DealSchema, 'Restored'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const deal = await deals.restoreDeal(c.var.db, c.req.valid('param').id);
    if (!deal) throw notFound();
    return c.json(deal, 200);
  },
);
