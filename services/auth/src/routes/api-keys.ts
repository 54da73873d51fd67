/**
 * @module routes/api-keys
 * Personal API keys for scripts and the CLI: scoped to the current tenant and a subset of the
 * creator's permissions, shown once (`cpt_<prefix>_<secret>`), stored as a SHA-256, revocable.
 * Members see and revoke their own keys; OWNERs and ADMINs see and revoke everyone's.
 */
import { ApiKeyCreatedSchema, ApiKeyCreateSchema, ApiKeySchema } from '@comptoir/contracts/auth';
import { IdParamsSchema } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/platform';
import {
  type AppEnv,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
  type Principal,
} from '@comptoir/service-kit';
import { API_KEY_PREFIX, hashSecret } from '@comptoir/service-kit/tokens';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { randomAlphanumeric } from '../secrets.js';

const tags = ['API keys'];
const columns = [
  'id',
  'name',
  'prefix',
  'permissions',
  'user_id',
  'expires_at',
  'last_used_at',
  'revoked_at',
  'created_at',
] as const;

const seesAll = (p: Principal) => p.role === 'OWNER' || p.role === 'ADMIN';

const toApiKey = (k: {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  user_id: string;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}) => ({
  ...k,
  expires_at: k.expires_at?.toISOString() ?? null,
  last_used_at: k.last_used_at?.toISOString() ?? null,
  revoked_at: k.revoked_at?.toISOString() ?? null,
  created_at: k.created_at.toISOString(),
});

export const apiKeysRouter = new OpenAPIHono<AppEnv<DB>>();

apiKeysRouter.openapi(
  createRoute({
    method: 'get',
    path: '/api-keys',
    operationId: 'listApiKeys',
    summary: 'API keys of the current tenant (yours, or all for owners and admins)',
    tags,
    ...guarded('api_keys:read'),
    responses: {
      200: jsonResponse(z.object({ data: z.array(ApiKeySchema) }), 'Keys (never the secrets)'),
      ...PROBLEM_RESPONSES,
    },
  }),
  async (c) => {
    const principal = c.var.principal;
    const rows = await c.var.db
      .selectFrom('platform.api_keys')
      .select(columns)
      .$if(!seesAll(principal), (q) => q.where('user_id', '=', principal.userId))
      .orderBy('created_at', 'desc')
      .limit(500)
      .execute();
    return c.json({ data: rows.map(toApiKey) }, 200);
  },
);

apiKeysRouter.openapi(
  createRoute({
    method: 'post',
    path: '/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key (its secret is shown this once)',
    tags,
    ...guarded('api_keys:create'),
    request: { body: jsonBody(ApiKeyCreateSchema) },
    responses: { 201: jsonResponse(ApiKeyCreatedSchema, 'Created'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const principal = c.var.principal;
    if (principal.kind === 'api_key') {
      throw new HttpProblem(403, { type: 'forbidden', detail: 'API keys cannot create API keys' });
    }
    const beyond = input.permissions
      .map((p, i) => [p, i] as const)
      .filter(([p]) => !principal.permissions.has(p as never));
    if (beyond.length > 0) {
      throw new HttpProblem(422, {
        type: 'validation-error',
        title: 'Your request is not valid',
        detail: 'A key cannot hold permissions you do not have',
        errors: beyond.map(([p, i]) => ({ pointer: `#/permissions/${i}`, detail: `You do not have ${p}` })),
      });
    }
    if (input.expires_at && new Date(input.expires_at) <= new Date()) {
      throw new HttpProblem(422, {
        type: 'validation-error',
        title: 'Your request is not valid',
        detail: 'The expiry must be in the future',
        errors: [{ pointer: '#/expires_at', detail: 'Must be in the future' }],
      });
    }
    const prefix = randomAlphanumeric(12);
    const secret = randomAlphanumeric(43);
    const row = await c.var.db
      .insertInto('platform.api_keys')
      .values({
        user_id: principal.userId,
        name: input.name,
        prefix,
        key_hash: hashSecret(secret),
        permissions: [...new Set(input.permissions)],
        expires_at: input.expires_at ? new Date(input.expires_at) : null,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return c.json({ ...toApiKey(row), key: `${API_KEY_PREFIX}${prefix}_${secret}` }, 201);
  },
);

apiKeysRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/api-keys/{id}',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key (effective at once)',
    tags,
    ...guarded('api_keys:revoke'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Revoked' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => {
    const principal = c.var.principal;
    const result = await c.var.db
      .updateTable('platform.api_keys')
      .set({ revoked_at: new Date() })
      .where('id', '=', c.req.valid('param').id)
      .where('revoked_at', 'is', null)
      .$if(!seesAll(principal), (q) => q.where('user_id', '=', principal.userId))
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n)
      throw new HttpProblem(404, { detail: 'No active API key with this id' });
    return c.body(null, 204);
  },
);
