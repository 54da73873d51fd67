/**
 * @module routes/pipelines
 * `/pipelines`: the tenant's sales pipelines and their ordered stages. Every member reads them
 * (`pipelines:read`); admins change them (`pipelines:manage`). The board is in routes/deals.ts.
 */
import { IdParamsSchema } from '@comptoir/contracts/common';
import {
  PipelineCreateSchema,
  PipelineListSchema,
  PipelineSchema,
  PipelineUpdateSchema,
  StageCreateSchema,
  StageDeleteQuerySchema,
  StageOrderSchema,
  StageParamsSchema,
  StageSchema,
  StageUpdateSchema,
} from '@comptoir/contracts/crm/pipelines';
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
import * as pipelines from '../db/pipelines.js';

const tags = ['Pipelines'];
const pipelineNotFound = () => new HttpProblem(404, { detail: 'No pipeline with this id' });
const stageNotFound = () => new HttpProblem(404, { detail: 'No stage with this id in this pipeline' });

export const pipelinesRouter = new OpenAPIHono<AppEnv<DB>>();

pipelinesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/pipelines',
    operationId: 'listPipelines',
    summary: 'List pipelines with their stages',
    description: 'A tenant without a pipeline gets its default "Sales" pipeline on first call.',
    tags,
    ...guarded('pipelines:read'),
    responses: { 200: jsonResponse(PipelineListSchema, 'Every pipeline, in order'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json({ data: await pipelines.listPipelines(c.var.db) }, 200),
);

pipelinesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/pipelines/{id}',
    operationId: 'getPipeline',
    summary: 'Get a pipeline with its stages',
    tags,
    ...guarded('pipelines:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(PipelineSchema, 'The pipeline'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const pipeline = await pipelines.getPipeline(c.var.db, c.req.valid('param').id);
    if (!pipeline) throw pipelineNotFound();
    return c.json(pipeline, 200);
  },
);

pipelinesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/pipelines',
    operationId: 'createPipeline',
    summary: 'Create a pipeline with its stages',
    tags,
    ...guarded('pipelines:manage'),
    request: { body: jsonBody(PipelineCreateSchema) },
    responses: { 201: jsonResponse(PipelineSchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => {
    const pipeline = await pipelines.createPipeline(c.var.db, c.req.valid('json'));
    c.header('location', `/pipelines/${pipeline.id}`);
    return c.json(pipeline, 201);
  },
);

pipelinesRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/pipelines/{id}',
    operationId: 'updatePipeline',
    summary: 'Rename or reposition a pipeline',
    tags,
    ...guarded('pipelines:manage'),
    request: { params: IdParamsSchema, body: jsonBody(PipelineUpdateSchema) },
    responses: {
      200: jsonResponse(PipelineSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const pipeline = await pipelines.updatePipeline(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!pipeline) throw pipelineNotFound();
    return c.json(pipeline, 200);
  },
);

pipelinesRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/pipelines/{id}',
    operationId: 'deletePipeline',
    summary: 'Delete a pipeline and its stages',
    description: 'Refused (409) while it holds deals, trashed ones included, and for the last pipeline.',
    tags,
    ...guarded('pipelines:manage'),
    request: { params: IdParamsSchema },
    responses: {
      204: { description: 'Deleted' },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    if (!(await pipelines.deletePipeline(c.var.db, c.req.valid('param').id))) throw pipelineNotFound();
    return c.body(null, 204);
  },
);

pipelinesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/pipelines/{id}/stages',
    operationId: 'createStage',
    summary: 'Add a stage to a pipeline',
    tags,
    ...guarded('pipelines:manage'),
    request: { params: IdParamsSchema, body: jsonBody(StageCreateSchema) },
    responses: {
      201: jsonResponse(StageSchema, 'Created'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const stage = await pipelines.createStage(c.var.db, id, c.req.valid('json'));
    if (!stage) throw pipelineNotFound();
    c.header('location', `/pipelines/${id}/stages/${stage.id}`);
    return c.json(stage, 201);
  },
);

pipelinesRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/pipelines/{id}/stages/{stage_id}',
    operationId: 'updateStage',
    summary: 'Rename a stage, change its probability or its kind',
    description: 'The kind of a stage holding deals cannot change (409).',
    tags,
    ...guarded('pipelines:manage'),
    request: { params: StageParamsSchema, body: jsonBody(StageUpdateSchema) },
    responses: {
      200: jsonResponse(StageSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id, stage_id } = c.req.valid('param');
    const stage = await pipelines.updateStage(c.var.db, id, stage_id, c.req.valid('json'));
    if (!stage) throw stageNotFound();
    return c.json(stage, 200);
  },
);

pipelinesRouter.openapi(
  createRoute({
    method: 'put',
    path: '/pipelines/{id}/stage-order',
    operationId: 'reorderStages',
    summary: 'Reorder the stages of a pipeline',
    tags,
    ...guarded('pipelines:manage'),
    request: { params: IdParamsSchema, body: jsonBody(StageOrderSchema) },
    responses: {
      200: jsonResponse(PipelineSchema, 'The pipeline, stages in their new order'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const pipeline = await pipelines.reorderStages(
      c.var.db,
      c.req.valid('param').id,
      c.req.valid('json').stage_ids,
    );
    if (!pipeline) throw pipelineNotFound();
    return c.json(pipeline, 200);
  },
);

pipelinesRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/pipelines/{id}/stages/{stage_id}',
    operationId: 'deleteStage',
    summary: 'Delete a stage',
    description:
      'Refused (409) for the last stage of a pipeline, and while the stage holds deals (trashed ones included) unless `move_deals_to` names another stage of the pipeline to move them to.',
    tags,
    ...guarded('pipelines:manage'),
    request: { params: StageParamsSchema, query: StageDeleteQuerySchema },
    responses: {
      204: { description: 'Deleted' },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id, stage_id } = c.req.valid('param');
    const deleted = await pipelines.deleteStage(c.var.db, id, stage_id, c.req.valid('query').move_deals_to);
    if (!deleted) throw stageNotFound();
    return c.body(null, 204);
  },
);
