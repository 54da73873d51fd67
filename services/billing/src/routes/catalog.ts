/**
 * @module routes/catalog
 * `/tax-rates` (French defaults created on first use) and `/products` (the price list).
 */
import {
  ProductCreateSchema,
  ProductListQuerySchema,
  ProductPageSchema,
  ProductSchema,
  ProductUpdateSchema,
  TaxRateCreateSchema,
  TaxRateListSchema,
  TaxRateSchema,
  TaxRateUpdateSchema,
} from '@comptoir/contracts/billing/catalog';
import { IdParamsSchema } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
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
import * as catalog from '../db/catalog.js';

export const catalogRouter = new OpenAPIHono<AppEnv<DB>>();

catalogRouter.openapi(
  createRoute({
    method: 'get',
    path: '/tax-rates',
    operationId: 'listTaxRates',
    summary: 'List tax rates, the default first',
    description: 'A tenant starts with the French rates (20, 10, 5.5, 2.1 %) and the usual exemptions.',
    tags: ['Tax rates'],
    ...guarded('tax_rates:read'),
    request: { query: z.strictObject({ archived: z.enum(['false', 'all']).default('false') }) },
    responses: { 200: jsonResponse(TaxRateListSchema, 'Tax rates'), ...PROBLEM_RESPONSES },
  }),
  async (c) =>
    c.json({ data: await catalog.listTaxRates(c.var.db, c.req.valid('query').archived === 'all') }, 200),
);

catalogRouter.openapi(
  createRoute({
    method: 'post',
    path: '/tax-rates',
    operationId: 'createTaxRate',
    summary: 'Create a tax rate or exemption',
    tags: ['Tax rates'],
    ...guarded('tax_rates:manage'),
    request: { body: jsonBody(TaxRateCreateSchema) },
    responses: { 201: jsonResponse(TaxRateSchema, 'Created'), ...PROBLEM_RESPONSES, ...CONFLICT_RESPONSE },
  }),
  async (c) => c.json(await catalog.createTaxRate(c.var.db, c.req.valid('json')), 201),
);

catalogRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/tax-rates/{id}',
    operationId: 'updateTaxRate',
    summary: 'Rename, make default, archive or restore a tax rate',
    tags: ['Tax rates'],
    ...guarded('tax_rates:manage'),
    request: { params: IdParamsSchema, body: jsonBody(TaxRateUpdateSchema) },
    responses: {
      200: jsonResponse(TaxRateSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const rate = await catalog.updateTaxRate(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!rate) throw new HttpProblem(404, { detail: 'No tax rate with this id' });
    return c.json(rate, 200);
  },
);

catalogRouter.openapi(
  createRoute({
    method: 'get',
    path: '/products',
    operationId: 'listProducts',
    summary: 'List products by name',
    tags: ['Products'],
    ...guarded('products:read'),
    request: { query: ProductListQuerySchema },
    responses: { 200: jsonResponse(ProductPageSchema, 'A page of products'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await catalog.listProducts(c.var.db, c.req.valid('query')), 200),
);

catalogRouter.openapi(
  createRoute({
    method: 'get',
    path: '/products/{id}',
    operationId: 'getProduct',
    summary: 'Get a product',
    tags: ['Products'],
    ...guarded('products:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(ProductSchema, 'The product'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const product = await catalog.getProduct(c.var.db, c.req.valid('param').id);
    if (!product) throw new HttpProblem(404, { detail: 'No product with this id' });
    return c.json(product, 200);
  },
);

catalogRouter.openapi(
  createRoute({
    method: 'post',
    path: '/products',
    operationId: 'createProduct',
    summary: 'Add a product to the price list',
    tags: ['Products'],
    ...guarded('products:manage'),
    request: { body: jsonBody(ProductCreateSchema) },
    responses: { 201: jsonResponse(ProductSchema, 'Created'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const product = await catalog.createProduct(c.var.db, c.req.valid('json'));
    c.header('location', `/products/${product.id}`);
    return c.json(product, 201);
  },
);

catalogRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/products/{id}',
    operationId: 'updateProduct',
    summary: 'Update, archive or restore a product',
    description: 'Drafts pick the new price when their lines are sent again; issued documents keep theirs.',
    tags: ['Products'],
    ...guarded('products:manage'),
    request: { params: IdParamsSchema, body: jsonBody(ProductUpdateSchema) },
    responses: { 200: jsonResponse(ProductSchema, 'Updated'), ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const product = await catalog.updateProduct(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!product) throw new HttpProblem(404, { detail: 'No product with this id' });
    return c.json(product, 200);
  },
);
