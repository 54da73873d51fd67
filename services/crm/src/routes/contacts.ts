/**
 * @module routes/contacts
 * `/contacts`: search and list, read, create, update, trash and restore people; bulk actions;
 * likely duplicates and merge.
 */
import { IdParamsSchema, PageQuerySchema } from '@comptoir/contracts/common';
import { BulkResultSchema, BulkSchema } from '@comptoir/contracts/crm/common';
import {
  ContactCreateSchema,
  ContactListQuerySchema,
  ContactMergeSchema,
  ContactPageSchema,
  ContactSchema,
  ContactUpdateSchema,
  DuplicatePageSchema,
  DuplicatePairSchema,
} from '@comptoir/contracts/crm/contacts';
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
  recordAudit,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bulkUpdate } from '../db/bulk.js';
import * as contacts from '../db/contacts.js';
import { duplicatesOf, listDuplicatePairs, mergeContacts } from '../db/duplicates.js';
import { prepareRecord } from '../domain/records.js';

const tags = ['Contacts'];
const notFound = () => new HttpProblem(404, { detail: 'No contact with this id' });

export const contactsRouter = new OpenAPIHono<AppEnv<DB>>();

contactsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/contacts',
    operationId: 'listContacts',
    summary: 'Search and list contacts',
    description:
      'Full-text search over names, e-mails, company, job title and notes (accents and case ignored, every word a prefix), ranked by relevance; filters by tag, owner, company and date ranges; sort orders; cursor pagination.',
    tags,
    ...guarded('contacts:read'),
    request: { query: ContactListQuerySchema },
    responses: { 200: jsonResponse(ContactPageSchema, 'A page of contacts'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await contacts.listContacts(c.var.db, c.req.valid('query')), 200),
);

contactsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/contacts/duplicates',
    operationId: 'listDuplicateContacts',
    summary: 'Pairs of contacts that are likely the same person',
    description:
      'Same e-mail, same phone (E.164) or similar names (trigram similarity ≥ 0.6, accents ignored).',
    tags,
    ...guarded('contacts:read'),
    request: { query: PageQuerySchema },
    responses: { 200: jsonResponse(DuplicatePageSchema, 'A page of pairs'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(await listDuplicatePairs(c.var.db, limit, cursor), 200);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/contacts/bulk',
    operationId: 'bulkUpdateContacts',
    summary: 'Tag, untag, assign or trash several contacts',
    description: 'Deleting needs contacts:delete; ids of other tenants are ignored (not counted).',
    tags,
    ...guarded('contacts:update'),
    request: { body: jsonBody(BulkSchema) },
    responses: { 200: jsonResponse(BulkResultSchema, 'How many contacts changed'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const input = c.req.valid('json');
    if (input.action.type === 'delete' && !c.var.principal.permissions.has('contacts:delete')) {
      throw new HttpProblem(403, {
        type: 'forbidden',
        detail: 'Your role does not allow this (contacts:delete)',
        extensions: { permission: 'contacts:delete' },
      });
    }
    if (input.action.type === 'assign')
      await prepareRecord(c.var.db, 'contact', { owner_id: input.action.owner_id });
    return c.json({ affected: await bulkUpdate(c.var.db, 'crm.contacts', input) }, 200);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/contacts/{id}',
    operationId: 'getContact',
    summary: 'Get a contact',
    tags,
    ...guarded('contacts:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(ContactSchema, 'The contact'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const row = await contacts.getContact(c.var.db, c.req.valid('param').id);
    if (!row) throw notFound();
    return c.json(contacts.toContact(row), 200);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/contacts',
    operationId: 'createContact',
    summary: 'Create a contact',
    description:
      'Phones are normalised to E.164 in the tenant’s country; custom values are checked against the tenant’s definitions.',
    tags,
    ...guarded('contacts:create'),
    request: { body: jsonBody(ContactCreateSchema) },
    responses: { 201: jsonResponse(ContactSchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => {
    const { phones, custom, ...input } = c.req.valid('json');
    const prepared = await prepareRecord(c.var.db, 'contact', { ...input, phones, custom });
    const row = await contacts.insertContact(
      c.var.db,
      { ...input, phones: prepared.phones ?? [], custom: prepared.custom ?? {} },
      c.var.principal.userId,
    );
    c.header('location', `/contacts/${row.id}`);
    return c.json(contacts.toContact(row), 201);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/contacts/{id}',
    operationId: 'updateContact',
    summary: 'Update a contact',
    description: 'Given fields replace the stored ones; `custom` is merged key by key (null removes a key).',
    tags,
    ...guarded('contacts:update'),
    request: { params: IdParamsSchema, body: jsonBody(ContactUpdateSchema) },
    responses: {
      200: jsonResponse(ContactSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { phones, custom, ...input } = c.req.valid('json');
    const current = await contacts.getContact(c.var.db, id);
    if (!current) throw notFound();
    const prepared = await prepareRecord(
      c.var.db,
      'contact',
      { ...input, phones, custom },
      { custom: current.custom as Record<string, never> },
    );
    const name = {
      first_name: input.first_name ?? current.first_name,
      last_name: input.last_name ?? current.last_name,
    };
    if (name.first_name.length + name.last_name.length === 0) {
      throw new HttpProblem(422, {
        type: 'validation-error',
        title: 'Your request is not valid',
        detail: 'A first or last name is required',
        errors: [{ pointer: '#/last_name', detail: 'A first or last name is required' }],
      });
    }
    const row = await contacts.updateContact(c.var.db, id, {
      ...input,
      ...(prepared.phones ? { phones: prepared.phones } : {}),
      ...(prepared.custom ? { custom: prepared.custom } : {}),
    });
    if (!row) throw notFound();
    return c.json(contacts.toContact(row), 200);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/contacts/{id}',
    operationId: 'deleteContact',
    summary: 'Move a contact to the trash',
    description: 'Soft delete: restorable until purged (30 days by default).',
    tags,
    ...guarded('contacts:delete'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Moved to the trash' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    if (!(await contacts.deleteContact(c.var.db, c.req.valid('param').id))) throw notFound();
    return c.body(null, 204);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/contacts/{id}/restore',
    operationId: 'restoreContact',
    summary: 'Restore a contact from the trash',
    tags,
    ...guarded('contacts:restore'),
    request: { params: IdParamsSchema },
    responses: { 200: jsonResponse(ContactSchema, 'Restored'), ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const row = await contacts.restoreContact(c.var.db, c.req.valid('param').id);
    if (!row) throw notFound();
    return c.json(contacts.toContact(row), 200);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/contacts/{id}/duplicates',
    operationId: 'listContactDuplicates',
    summary: 'Contacts that are likely the same person as this one',
    tags,
    ...guarded('contacts:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(z.object({ data: z.array(DuplicatePairSchema) }), 'Likely duplicates'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const pairs = await duplicatesOf(c.var.db, c.req.valid('param').id);
    if (!pairs) throw notFound();
    return c.json({ data: pairs }, 200);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/contacts/{id}/merge',
    operationId: 'mergeContacts',
    summary: 'Merge a duplicate into this contact',
    description:
      'Lists are united, empty fields filled from the duplicate; its activities, deals, tasks and shares move here; the duplicate goes to the trash. Audited as one `merge`.',
    tags,
    ...guarded('contacts:merge'),
    request: { params: IdParamsSchema, body: jsonBody(ContactMergeSchema) },
    responses: {
      200: jsonResponse(ContactSchema, 'The merged contact'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    if (input.duplicate_id === id) {
      throw new HttpProblem(422, {
        type: 'validation-error',
        title: 'Your request is not valid',
        detail: 'A contact cannot be merged into itself',
        errors: [{ pointer: '#/duplicate_id', detail: 'Choose another contact' }],
      });
    }
    const result = await mergeContacts(c.var.db, id, input);
    if (result === 'not_found') throw notFound();
    await recordAudit(c.var.rdb, {
      action: 'merge',
      entityType: 'crm.contacts',
      entityId: id,
      before: result.before,
      after: { ...result.after, merged_from: input.duplicate_id },
    });
    return c.json(result.after, 200);
  },
);
