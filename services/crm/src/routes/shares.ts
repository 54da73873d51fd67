/**
 * @module routes/shares
 * `/shares`: which contacts, companies and deals a CLIENT member sees (they see nothing else).
 */

import { IdSchema } from '@comptoir/contracts/common';
import { SHARE_ENTITIES, ShareCreateSchema, ShareSchema } from '@comptoir/contracts/crm/shares';
import type { DB } from '@comptoir/db/schema/crm';
import {
  type AppEnv,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { rfc3339 } from '../db/lists.js';

const tags = ['Sharing'];
const columns = [
  'entity_type',
  'entity_id',
  'user_id',
  rfc3339('crm.shares.created_at').as('created_at'),
] as const;
const tableOf = { contact: 'crm.contacts', company: 'crm.companies', deal: 'crm.deals' } as const;
type Row = z.infer<typeof ShareSchema>;

export const sharesRouter = new OpenAPIHono<AppEnv<DB>>();

sharesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/shares',
    operationId: 'listShares',
    summary: 'Shares of a record, or of a member',
    tags,
    ...guarded('shares:manage'),
    request: {
      query: z.strictObject({
        entity_type: z.enum(SHARE_ENTITIES).optional(),
        entity_id: IdSchema.optional(),
        user_id: IdSchema.optional(),
      }),
    },
    responses: {
      200: jsonResponse(z.object({ data: z.array(ShareSchema) }), 'Shares'),
      ...PROBLEM_RESPONSES,
    },
  }),
  async (c) => {
    const f = c.req.valid('query');
    let q = c.var.db.selectFrom('crm.shares').select(columns).orderBy('created_at', 'desc').limit(1000);
    if (f.entity_type) q = q.where('entity_type', '=', f.entity_type);
    if (f.entity_id) q = q.where('entity_id', '=', f.entity_id);
    if (f.user_id) q = q.where('user_id', '=', f.user_id);
    return c.json({ data: (await q.execute()) as Row[] }, 200);
  },
);

sharesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/shares',
    operationId: 'createShare',
    summary: 'Share a record with a CLIENT member',
    tags,
    ...guarded('shares:manage'),
    request: { body: jsonBody(ShareCreateSchema) },
    responses: { 201: jsonResponse(ShareSchema, 'Shared (or already shared)'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const db = c.var.db;
    const [record, member] = await Promise.all([
      db
        .selectFrom(tableOf[input.entity_type])
        .select('id')
        .where('id', '=', input.entity_id)
        .executeTakeFirst(),
      db
        .selectFrom('platform.memberships')
        .select('role')
        .where('user_id', '=', input.user_id)
        // The caller also sees their own memberships in other tenants.
        .where('tenant_id', '=', sql<string>`private.current_tenant_id()`)
        .executeTakeFirst(),
    ]);
    const errors = [
      ...(record ? [] : [{ pointer: '#/entity_id', detail: 'No such record in this tenant' }]),
      ...(member
        ? member.role === 'CLIENT'
          ? []
          : [{ pointer: '#/user_id', detail: 'Only CLIENT members need shares; staff see everything' }]
        : [{ pointer: '#/user_id', detail: 'Not a member of this tenant' }]),
    ];
    if (errors.length) {
      throw new HttpProblem(422, {
        type: 'validation-error',
        title: 'Your request is not valid',
        detail: errors[0]!.detail,
        errors,
      });
    }
    await db
      .insertInto('crm.shares')
      .values({ ...input, created_by: c.var.principal.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = (await db
      .selectFrom('crm.shares')
      .select(columns)
      .where('entity_type', '=', input.entity_type)
      .where('entity_id', '=', input.entity_id)
      .where('user_id', '=', input.user_id)
      .executeTakeFirstOrThrow()) as Row;
    return c.json(row, 201);
  },
);

sharesRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/shares',
    operationId: 'deleteShare',
    summary: 'Stop sharing a record with a member',
    tags,
    ...guarded('shares:manage'),
    request: { body: jsonBody(ShareCreateSchema) },
    responses: { 204: { description: 'No longer shared' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const result = await c.var.db
      .deleteFrom('crm.shares')
      .where('entity_type', '=', input.entity_type)
      .where('entity_id', '=', input.entity_id)
      .where('user_id', '=', input.user_id)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n)
      throw new HttpProblem(404, { detail: 'This record is not shared with this member' });
    return c.body(null, 204);
  },
);
