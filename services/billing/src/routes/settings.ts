/**
 * @module routes/settings
 * `/settings`: the seller identity, bank details, VAT regime, numbering prefixes and branding
 * printed on documents; `/settings/logo` takes a PNG.
 */
import { BillingSettingsSchema, BillingSettingsUpdateSchema } from '@comptoir/contracts/billing/settings';
import type { DB } from '@comptoir/db/schema/billing';
import {
  type AppEnv,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import * as settings from '../db/settings.js';

const tags = ['Settings'];

/** Largest logo accepted, bytes (the table checks the same). */
export const LOGO_MAX_BYTES = 512 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export const settingsRouter = new OpenAPIHono<AppEnv<DB>>();

settingsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/settings',
    operationId: 'getBillingSettings',
    summary: 'The billing settings, with what is still missing before issuing',
    tags,
    ...guarded('billing_settings:read'),
    responses: { 200: jsonResponse(BillingSettingsSchema, 'Settings'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(settings.presentSettings(await settings.loadSettings(c.var.db)), 200),
);

settingsRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/settings',
    operationId: 'updateBillingSettings',
    summary: 'Update the billing settings',
    description: 'Issued documents keep the seller identity they were issued with.',
    tags,
    ...guarded('billing_settings:update'),
    request: { body: jsonBody(BillingSettingsUpdateSchema) },
    responses: { 200: jsonResponse(BillingSettingsSchema, 'Updated'), ...PROBLEM_RESPONSES },
  }),
  async (c) =>
    c.json(settings.presentSettings(await settings.updateSettings(c.var.db, c.req.valid('json'))), 200),
);

settingsRouter.openapi(
  createRoute({
    method: 'put',
    path: '/settings/logo',
    operationId: 'putBillingLogo',
    summary: 'Upload the logo printed on documents (PNG, at most 512 KiB)',
    tags,
    ...guarded('billing_settings:update'),
    request: {
      body: { required: true, content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } },
    },
    responses: { 204: { description: 'Stored' }, ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    if (!(c.req.header('content-type') ?? '').startsWith('image/png')) {
      throw new HttpProblem(415, { detail: 'Send the logo as image/png' });
    }
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > LOGO_MAX_BYTES)
      throw new HttpProblem(413, { detail: 'The logo must be at most 512 KiB' });
    if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new HttpProblem(422, { detail: 'This file is not a PNG image' });
    await settings.setLogo(c.var.db, bytes);
    return c.body(null, 204);
  },
);

settingsRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/settings/logo',
    operationId: 'deleteBillingLogo',
    summary: 'Remove the logo',
    tags,
    ...guarded('billing_settings:update'),
    responses: { 204: { description: 'Removed' }, ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    await settings.setLogo(c.var.db, null);
    return c.body(null, 204);
  },
);
