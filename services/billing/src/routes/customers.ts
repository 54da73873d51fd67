/**
 * @module routes/customers
 * `/customers`: billing identities (list with search, create, read, update, archive/restore) and
 * `/customers/{id}/balance` (credit and outstanding per currency).
 */
import {
  CustomerCreateSchema,
  CustomerListQuerySchema,
  CustomerPageSchema,
  CustomerSchema,
  CustomerUpdateSchema,
} from '@comptoir/contracts/billing/customers';
import { CustomerBalanceSchema } from '@comptoir/contracts/billing/invoices';
import { IdParamsSchema } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
import {
  type AppEnv,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import * as customers from '../db/customers.js';
import { customerBalance } from '../db/invoices.js';

const tags = ['Customers'];
const notFound = () => new HttpProblem(404, { detail: 'No customer with this id' });

export const customersRouter = new OpenAPIHono<AppEnv<DB>>();

customersRouter.openapi(
  createRoute({
    method: 'get',
    path: '/customers',
    operationId: 'listCustomers',
    summary: 'List customers by name',
    tags,
    ...guarded('customers:read'),
    request: { query: CustomerListQuerySchema },
    responses: { 200: jsonResponse(CustomerPageSchema, 'A page of customers'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await customers.listCustomers(c.var.db, c.req.valid('query')), 200),
);

customersRouter.openapi(
  createRoute({
    method: 'get',
    path: '/customers/{id}',
    operationId: 'getCustomer',
    summary: 'Get a customer',
    tags,
    ...guarded('customers:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(CustomerSchema, 'The customer'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const customer = await customers.getCustomer(c.var.db, c.req.valid('param').id);
    if (!customer) throw notFound();
    return c.json(customer, 200);
  },
);

customersRouter.openapi(
  createRoute({
    method: 'get',
    path: '/customers/{id}/balance',
    operationId: 'getCustomerBalance',
    summary: "A customer's credit and outstanding amounts per currency",
    tags,
    ...guarded('customers:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(CustomerBalanceSchema, 'Balances'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    if (!(await customers.getCustomer(c.var.db, id))) throw notFound();
    return c.json(await customerBalance(c.var.db, id), 200);
  },
);

customersRouter.openapi(
  createRoute({
    method: 'post',
    path: '/customers',
    operationId: 'createCustomer',
    summary: 'Create a customer',
    tags,
    ...guarded('customers:create'),
    request: { body: jsonBody(CustomerCreateSchema) },
    responses: { 201: jsonResponse(CustomerSchema, 'Created'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const customer = await customers.createCustomer(c.var.db, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    c.header('location', `/customers/${customer.id}`);
    return c.json(customer, 201);
  },
);

customersRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/customers/{id}',
    operationId: 'updateCustomer',
    summary: 'Update, archive or restore a customer',
    description:
      'Archiving needs customers:archive. Issued invoices keep the customer as it was when they were issued.',
    tags,
    ...guarded('customers:update'),
    request: { params: IdParamsSchema, body: jsonBody(CustomerUpdateSchema) },
    responses: { 200: jsonResponse(CustomerSchema, 'Updated'), ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const input = c.req.valid('json');
    if (input.archived !== undefined && !c.var.principal.permissions.has('customers:archive')) {
      throw new HttpProblem(403, { detail: 'Archiving a customer needs the customers:archive permission' });
    }
    const customer = await customers.updateCustomer(c.var.db, c.req.valid('param').id, input);
    if (!customer) throw notFound();
    return c.json(customer, 200);
  },
);
