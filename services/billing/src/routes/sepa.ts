/**
 * @module routes/sepa
 * `/sepa/mandates` (record, list, revoke), `/sepa/batches` (collect invoices by direct debit,
 * download the pain.008.001.02 XML) and `/sepa/returns` (a returned collection).
 */
import { PaymentSchema } from '@comptoir/contracts/billing/invoices';
import {
  SepaBatchCreateSchema,
  SepaBatchListQuerySchema,
  SepaBatchPageSchema,
  SepaBatchSchema,
  SepaMandateCreateSchema,
  SepaMandateListQuerySchema,
  SepaMandateListSchema,
  SepaMandateSchema,
  SepaReturnSchema,
} from '@comptoir/contracts/billing/sepa';
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
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import * as sepa from '../db/sepa.js';

const tags = ['SEPA direct debit'];
const STATE_RESPONSES = { ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE, ...CONFLICT_RESPONSE };

export const sepaRouter = new OpenAPIHono<AppEnv<DB>>();

sepaRouter.openapi(
  createRoute({
    method: 'get',
    path: '/sepa/mandates',
    operationId: 'listSepaMandates',
    summary: 'List SEPA mandates, newest first',
    tags,
    ...guarded('sepa:read'),
    request: { query: SepaMandateListQuerySchema },
    responses: { 200: jsonResponse(SepaMandateListSchema, 'Mandates'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await sepa.listMandates(c.var.db, c.req.valid('query')), 200),
);

sepaRouter.openapi(
  createRoute({
    method: 'get',
    path: '/sepa/mandates/{id}',
    operationId: 'getSepaMandate',
    summary: 'Get a SEPA mandate',
    tags,
    ...guarded('sepa:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(SepaMandateSchema, 'The mandate'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const mandate = await sepa.getMandate(c.var.db, c.req.valid('param').id);
    if (!mandate) throw new HttpProblem(404, { detail: 'No mandate with this id' });
    return c.json(mandate, 200);
  },
);

sepaRouter.openapi(
  createRoute({
    method: 'post',
    path: '/sepa/mandates',
    operationId: 'createSepaMandate',
    summary: 'Record a mandate signed by a customer',
    description:
      'Checks the IBAN (ISO 13616, SEPA country), the BIC (optional in the EEA), the reference and the signature date.',
    tags,
    ...guarded('sepa:manage'),
    request: { body: jsonBody(SepaMandateCreateSchema) },
    responses: { 201: jsonResponse(SepaMandateSchema, 'Recorded'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await sepa.createMandate(c.var.db, c.req.valid('json'), c.var.principal.userId), 201),
);

sepaRouter.openapi(
  createRoute({
    method: 'post',
    path: '/sepa/mandates/{id}/revoke',
    operationId: 'revokeSepaMandate',
    summary: 'Revoke a mandate (no more collections)',
    tags,
    ...guarded('sepa:manage'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(SepaMandateSchema, 'Revoked'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const mandate = await sepa.revokeMandate(c.var.db, c.req.valid('param').id);
    if (!mandate) throw new HttpProblem(404, { detail: 'No mandate with this id' });
    return c.json(mandate, 200);
  },
);

sepaRouter.openapi(
  createRoute({
    method: 'get',
    path: '/sepa/batches',
    operationId: 'listSepaBatches',
    summary: 'List direct debit batches, newest first',
    tags,
    ...guarded('sepa:read'),
    request: { query: SepaBatchListQuerySchema },
    responses: { 200: jsonResponse(SepaBatchPageSchema, 'A page of batches'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await sepa.listBatches(c.var.db, c.req.valid('query')), 200),
);

sepaRouter.openapi(
  createRoute({
    method: 'get',
    path: '/sepa/batches/{id}',
    operationId: 'getSepaBatch',
    summary: 'Get a batch and its collections',
    tags,
    ...guarded('sepa:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(SepaBatchSchema, 'The batch'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const batch = await sepa.getBatch(c.var.db, c.req.valid('param').id);
    if (!batch) throw new HttpProblem(404, { detail: 'No batch with this id' });
    return c.json(batch, 200);
  },
);

sepaRouter.openapi(
  createRoute({
    method: 'post',
    path: '/sepa/batches',
    operationId: 'createSepaBatch',
    summary: 'Collect the balance due of invoices by direct debit (pain.008.001.02)',
    description:
      "Each invoice is collected from its customer's most recent active mandate (FRST first, then RCUR; OOFF for one-off mandates) and recorded as a sepa_debit payment on the collection date.",
    tags,
    ...guarded('sepa:manage'),
    request: { body: jsonBody(SepaBatchCreateSchema) },
    responses: {
      201: jsonResponse(SepaBatchSchema, 'The batch'),
      ...PROBLEM_RESPONSES,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const batch = await sepa.createBatch(c.var.db, c.req.valid('json'), c.var.principal.userId);
    c.header('location', `/sepa/batches/${batch.id}`);
    return c.json(batch, 201);
  },
);

sepaRouter.openapi(
  createRoute({
    method: 'get',
    path: '/sepa/batches/{id}/pain008.xml',
    operationId: 'getSepaBatchXml',
    summary: 'The pain.008.001.02 file of a batch, as exported (upload it to the bank)',
    tags,
    ...guarded('sepa:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: {
        description: 'pain.008.001.02 XML',
        content: { 'application/xml': { schema: { type: 'string' } } },
      },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const file = await sepa.batchXml(c.var.db, c.req.valid('param').id);
    if (!file) throw new HttpProblem(404, { detail: 'No batch with this id' });
    return c.body(file.xml, 200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${file.messageId}.xml"`,
      'cache-control': 'private, no-store',
    });
  },
);

sepaRouter.openapi(
  createRoute({
    method: 'post',
    path: '/sepa/returns',
    operationId: 'returnSepaCollection',
    summary: 'Record a returned collection (R-transaction)',
    description:
      'The payment fails, the amount is due again and dunning resumes (billing.payment.failed). AC04, AC06, MD01 and MD07 also revoke the mandate.',
    tags,
    ...guarded('payments:fail'),
    request: { body: jsonBody(SepaReturnSchema) },
    responses: { 200: jsonResponse(PaymentSchema, 'The failed payment'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const { end_to_end_id, reason_code } = c.req.valid('json');
    const payment = await sepa.returnCollection(c.var.db, end_to_end_id, reason_code);
    if (!payment) throw new HttpProblem(404, { detail: 'No collection has this EndToEndId' });
    return c.json(payment, 200);
  },
);
