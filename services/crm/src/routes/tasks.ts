/**
 * @module routes/tasks
 * `/tasks`: tasks by due time ("mine", "overdue", "all", plus filters); create, update (status
 * changes keep `completed_at`), trash.
 */
import { IdParamsSchema } from '@comptoir/contracts/common';
import {
  TaskCreateSchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskSchema,
  TaskUpdateSchema,
} from '@comptoir/contracts/crm/tasks';
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
import * as tasks from '../db/tasks.js';

const tags = ['Tasks'];
const notFound = () => new HttpProblem(404, { detail: 'No task with this id' });

export const tasksRouter = new OpenAPIHono<AppEnv<DB>>();

tasksRouter.openapi(
  createRoute({
    method: 'get',
    path: '/tasks',
    operationId: 'listTasks',
    summary: 'List tasks by due time, soonest first',
    description:
      'view=mine: assigned to the caller; view=overdue: due before now and still open or in progress. Tasks without a due time come last.',
    tags,
    ...guarded('tasks:read'),
    request: { query: TaskListQuerySchema },
    responses: { 200: jsonResponse(TaskPageSchema, 'A page of tasks'), ...PROBLEM_RESPONSES },
  }),
  async (c) =>
    c.json(await tasks.listTasks(c.var.db, { ...c.req.valid('query'), userId: c.var.principal.userId }), 200),
);

tasksRouter.openapi(
  createRoute({
    method: 'get',
    path: '/tasks/{id}',
    operationId: 'getTask',
    summary: 'Get a task',
    tags,
    ...guarded('tasks:read'),
    request: { params: IdParamsSchema },
    responses: { 200: jsonResponse(TaskSchema, 'The task'), ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const task = await tasks.getTask(c.var.db, c.req.valid('param').id);
    if (!task) throw notFound();
    return c.json(task, 200);
  },
);

tasksRouter.openapi(
  createRoute({
    method: 'post',
    path: '/tasks',
    operationId: 'createTask',
    summary: 'Create a task',
    tags,
    ...guarded('tasks:create'),
    request: { body: jsonBody(TaskCreateSchema) },
    responses: { 201: jsonResponse(TaskSchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => {
    const task = await tasks.createTask(c.var.db, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    c.header('location', `/tasks/${task.id}`);
    return c.json(task, 201);
  },
);

tasksRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/tasks/{id}',
    operationId: 'updateTask',
    summary: 'Update a task',
    description: 'Setting status `done` records `completed_at`; any other status clears it.',
    tags,
    ...guarded('tasks:update'),
    request: { params: IdParamsSchema, body: jsonBody(TaskUpdateSchema) },
    responses: {
      200: jsonResponse(TaskSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const task = await tasks.updateTask(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!task) throw notFound();
    return c.json(task, 200);
  },
);

tasksRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/tasks/{id}',
    operationId: 'deleteTask',
    summary: 'Move a task to the trash',
    tags,
    ...guarded('tasks:delete'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Moved to the trash' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    if (!(await tasks.deleteTask(c.var.db, c.req.valid('param').id))) throw notFound();
    return c.body(null, 204);
  },
);
