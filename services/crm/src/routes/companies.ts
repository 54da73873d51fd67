/**
 * @module routes/companies
 * `/companies`: search and list, read, create, update, trash and restore organisations; bulk actions.
 */
import { IdParamsSchema } from '@comptoir/contracts/common';
import { BulkResultSchema, BulkSchema } from '@comptoir/contracts/crm/common';
import {
  CompanyCreateSchema,
  CompanyListQuerySchema,
  CompanyPageSchema,
  CompanySchema,
  CompanyUpdateSchema,
} from '@comptoir/contracts/crm/companies';
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
import { bulkUpdate } from '../db/bulk.js';
import * as companies from '../db/companies.js';
import { prepareRecord } from '../domain/records.js';

const tags = ['Companies'];
const notFound = () => new HttpProblem(404, { detail: 'No company with this id' });

export const companiesRouter = new OpenAPIHono<AppEnv<DB>>();

companiesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/companies',
    operationId: 'listCompanies',
    summary: 'Search and list companies',
    tags,
    ...guarded('companies:read'),
    request: { query: CompanyListQuerySchema },
    responses: { 200: jsonResponse(CompanyPageSchema, 'A page of companies'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await companies.listCompanies(c.var.db, c.req.valid('query')), 200),
);

companiesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/companies/bulk',
    operationId: 'bulkUpdateCompanies',
    summary: 'Tag, untag, assign or trash several companies',
    tags,
    ...guarded('companies:update'),
    request: { body: jsonBody(BulkSchema) },
    responses: { 200: jsonResponse(BulkResultSchema, 'How many companies changed'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const input = c.req.valid('json');
    if (input.action.type === 'delete' && !c.var.principal.permissions.has('companies:delete')) {
      throw new HttpProblem(403, {
        type: 'forbidden',
        detail: 'Your role does not allow this (companies:delete)',
        extensions: { permission: 'companies:delete' },
      });
    }
    if (input.action.type === 'assign')
      await prepareRecord(c.var.db, 'company', { owner_id: input.action.owner_id });
    return c.json({ affected: await bulkUpdate(c.var.db, 'crm.companies', input) }, 200);
  },
);

companiesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/companies/{id}',
    operationId: 'getCompany',
    summary: 'Get a company',
    tags,
    ...guarded('companies:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(CompanySchema, 'The company'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const row = await companies.getCompany(c.var.db, c.req.valid('param').id);
    if (!row) throw notFound();
    return c.json(companies.toCompany(row), 200);
  },
);

companiesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/companies',
    operationId: 'createCompany',
    summary: 'Create a company',
    tags,
    ...guarded('companies:create'),
    request: { body: jsonBody(CompanyCreateSchema) },
    responses: { 201: jsonResponse(CompanySchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => {
    const { phones, custom, ...input } = c.req.valid('json');
    const prepared = await prepareRecord(c.var.db, 'company', { ...input, phones, custom });
    const row = await companies.insertCompany(
      c.var.db,
      { ...input, phones: prepared.phones ?? [], custom: prepared.custom ?? {} },
      c.var.principal.userId,
    );
    c.header('location', `/companies/${row.id}`);
    return c.json(companies.toCompany(row), 201);
  },
);

companiesRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/companies/{id}',
    operationId: 'updateCompany',
    summary: 'Update a company',
    description: 'Given fields replace the stored ones; `custom` is merged key by key (null removes a key).',
    tags,
    ...guarded('companies:update'),
    request: { params: IdParamsSchema, body: jsonBody(CompanyUpdateSchema) },
    responses: {
      200: jsonResponse(CompanySchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { phones, custom, ...input } = c.req.valid('json');
    const current = await companies.getCompany(c.var.db, id);
    if (!current) throw notFound();
    const prepared = await prepareRecord(
      c.var.db,
      'company',
      { ...input, phones, custom },
      {
        custom: current.custom as Record<string, never>,
      },
    );
    const row = await companies.updateCompany(c.var.db, id, {
      ...input,
      ...(prepared.phones ? { phones: prepared.phones } : {}),
      ...(prepared.custom ? { custom: prepared.custom } : {}),
    });
    if (!row) throw notFound();
    return c.json(companies.toCompany(row), 200);
  },
);

companiesRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/companies/{id}',
    operationId: 'deleteCompany',
    summary: 'Move a company to the trash',
    description: 'Its contacts stay; they lose the link only when the company is purged.',
    tags,
    ...guarded('companies:delete'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Moved to the trash' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    if (!(await companies.deleteCompany(c.var.db, c.req.valid('param').id))) throw notFound();
    return c.body(null, 204);
  },
);

companiesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/companies/{id}/restore',
    operationId: 'restoreCompany',
    summary: 'Restore a company from the trash',
    tags,
    ...guarded('companies:restore'),
    request: { params: IdParamsSchema },
    responses: { 200: jsonResponse(CompanySchema, 'Restored'), ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const row = await companies.restoreCompany(c.var.db, c.req.valid('param').id);
    if (!row) throw notFound();
    return c.json(companies.toCompany(row), 200);
  },
);
