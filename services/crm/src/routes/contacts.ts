/**
 * @module routes/contacts
 * `/contacts`: list, read, create, update, soft delete and restore people.
 */
import { IdParamsSchema } from '@comptoir/contracts/common';
import {
  ContactCreateSchema,
  ContactListQuerySchema,
  ContactPageSchema,
  ContactSchema,
  ContactUpdateSchema,
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
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import * as contacts from '../db/contacts.js';

const tags = ['Contacts'];
const notFound = () => new HttpProblem(404, { detail: 'No contact with this id' });

export const contactsRouter = new OpenAPIHono<AppEnv<DB>>();

contactsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/contacts',
    operationId: 'listContacts',
    summary: 'List contacts, newest first',
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
    const contact = await contacts.getContact(c.var.db, c.req.valid('param').id);
    if (!contact) throw notFound();
    return c.json(contact, 200);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/contacts',
    operationId: 'createContact',
    summary: 'Create a contact',
    tags,
    ...guarded('contacts:create'),
    request: { body: jsonBody(ContactCreateSchema) },
    responses: { 201: jsonResponse(ContactSchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => {
    const contact = await contacts.createContact(c.var.db, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    c.header('location', `/contacts/${contact.id}`);
    return c.json(contact, 201);
  },
);

contactsRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/contacts/{id}',
    operationId: 'updateContact',
    summary: 'Update a contact',
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
    const contact = await contacts.updateContact(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!contact) throw notFound();
    return c.json(contact, 200);
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
    const contact = await contacts.restoreContact(c.var.db, c.req.valid('param').id);
    if (!contact) throw notFound();
    return c.json(contact, 200);
  },
);
