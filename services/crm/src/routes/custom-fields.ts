/**
 * @module routes/custom-fields
 * `/custom-fields`: the custom fields a tenant defines on contacts, companies and deals. Every
 * member reads them (forms need them); changing them needs custom_fields:manage.
 */
import { IdParamsSchema } from '@comptoir/contracts/common';
import {
  CUSTOM_FIELD_ENTITIES,
  CustomFieldCreateSchema,
  CustomFieldSchema,
  CustomFieldUpdateSchema,
} from '@comptoir/contracts/crm/custom-fields';
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
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { rfc3339 } from '../db/lists.js';

const tags = ['Custom fields'];
const notFound = () => new HttpProblem(404, { detail: 'No custom field with this id' });
const columns = [
  'id',
  'entity',
  'key',
  'label',
  'type',
  'options',
  'required',
  'position',
  rfc3339('crm.custom_fields.created_at').as('created_at'),
  rfc3339('crm.custom_fields.updated_at').as('updated_at'),
] as const;
type Row = z.infer<typeof CustomFieldSchema>;

export const customFieldsRouter = new OpenAPIHono<AppEnv<DB>>();

customFieldsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/custom-fields',
    operationId: 'listCustomFields',
    summary: 'Custom fields of the tenant',
    tags,
    ...guarded('contacts:read'),
    request: { query: z.strictObject({ entity: z.enum(CUSTOM_FIELD_ENTITIES).optional() }) },
    responses: {
      200: jsonResponse(z.object({ data: z.array(CustomFieldSchema) }), 'Definitions'),
      ...PROBLEM_RESPONSES,
    },
  }),
  async (c) => {
    const { entity } = c.req.valid('query');
    let q = c.var.db
      .selectFrom('crm.custom_fields')
      .select(columns)
      .orderBy('entity')
      .orderBy('position')
      .orderBy('key');
    if (entity) q = q.where('entity', '=', entity);
    return c.json({ data: (await q.limit(500).execute()) as Row[] }, 200);
  },
);

customFieldsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/custom-fields',
    operationId: 'createCustomField',
    summary: 'Define a custom field',
    tags,
    ...guarded('custom_fields:manage'),
    request: { body: jsonBody(CustomFieldCreateSchema) },
    responses: {
      201: jsonResponse(CustomFieldSchema, 'Created'),
      ...PROBLEM_RESPONSES,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const row = (await c.var.db
      .insertInto('crm.custom_fields')
      .values(c.req.valid('json'))
      .returning(columns)
      .executeTakeFirstOrThrow()) as Row;
    return c.json(row, 201);
  },
);

customFieldsRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/custom-fields/{id}',
    operationId: 'updateCustomField',
    summary: 'Change a custom field (its key and type stay)',
    tags,
    ...guarded('custom_fields:manage'),
    request: { params: IdParamsSchema, body: jsonBody(CustomFieldUpdateSchema) },
    responses: {
      200: jsonResponse(CustomFieldSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const row = (await c.var.db
      .updateTable('crm.custom_fields')
      .set(c.req.valid('json'))
      .where('id', '=', c.req.valid('param').id)
      .returning(columns)
      .executeTakeFirst()) as Row | undefined;
    if (!row) throw notFound();
    if (row.type === 'select' && row.options.length === 0) {
      throw new HttpProblem(422, {
        type: 'validation-error',
        title: 'Your request is not valid',
        detail: 'A select field needs options',
        errors: [{ pointer: '#/options', detail: 'Give at least one option' }],
      });
    }
    return c.json(row, 200);
  },
);

customFieldsRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/custom-fields/{id}',
    operationId: 'deleteCustomField',
    summary: 'Remove a custom field and its values',
    tags,
    ...guarded('custom_fields:manage'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Removed' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const field = await c.var.db
      .deleteFrom('crm.custom_fields')
      .where('id', '=', c.req.valid('param').id)
      .returning(['entity', 'key'])
      .executeTakeFirst();
    if (!field) throw notFound();
    const table =
      field.entity === 'contact'
        ? 'crm.contacts'
        : field.entity === 'company'
          ? 'crm.companies'
          : 'crm.deals';
    await c.var.db
      .updateTable(table)
      .set({ custom: (eb) => eb('custom', '-', field.key) })
      .where((eb) => eb('custom', '?', field.key))
      .execute();
    return c.body(null, 204);
  },
);
