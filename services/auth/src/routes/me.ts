/**
 * @module routes/me
 * The signed-in user: who am I, tenants (list, switch, create, settings), sessions, password,
 * e-mail verification.
 */
import {
  ChangePasswordSchema,
  CreateTenantSchema,
  MeSchema,
  SessionSchema,
  SessionTokensSchema,
  SwitchTenantSchema,
  TenantSchema,
  TenantUpdateSchema,
} from '@comptoir/contracts/auth';
import { IdParamsSchema } from '@comptoir/contracts/common';
import type { Role } from '@comptoir/contracts/permissions';
import type { DB } from '@comptoir/db/schema/platform';
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
import bcrypt from 'bcryptjs';
import { type AuthContext, withIdentity } from '../context.js';
import { createTenant } from '../db/tenants.js';
import { queueEmail } from '../mail/outbox.js';
import { verificationEmail } from '../mail/templates.js';
import { revokeSession } from '../sessions.js';
import { switchSession } from '../tenant-session.js';
import { accountLink, issueOneTimeToken } from './session.js';

const tags = ['Me'];
const self = { security: [{ bearerAuth: [] }, { cookieAuth: [] }] as Array<Record<string, string[]>> };
const tenantColumns = ['id', 'slug', 'name', 'plan', 'time_zone', 'currency', 'locale'] as const;

/** Builds the router of the signed-in user's routes. */
export function createMeRouter(ctx: AuthContext) {
  const router = new OpenAPIHono<AppEnv<DB>>();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      summary: 'The signed-in user, the current tenant, role, permissions and every tenant of the user',
      tags,
      ...guarded('tenant:read'),
      responses: { 200: jsonResponse(MeSchema, 'Who you are'), ...PROBLEM_RESPONSES },
    }),
    async (c) => {
      const { db, principal } = c.var;
      const [user, tenant, tenants, factor] = await Promise.all([
        db
          .selectFrom('platform.users')
          .select(['id', 'email', 'name', 'email_verified_at'])
          .where('id', '=', principal.userId)
          .executeTakeFirst(),
        db
          .selectFrom('platform.tenants')
          .select(tenantColumns)
          .where('id', '=', principal.tenantId)
          .executeTakeFirst(),
        db
          .selectFrom('platform.memberships as m')
          .innerJoin('platform.tenants as t', 't.id', 'm.tenant_id')
          .select([...tenantColumns.map((col) => `t.${col}` as const), 'm.role'])
          .where('m.user_id', '=', principal.userId)
          .orderBy('t.name')
          .execute(),
        db
          .selectFrom('platform.mfa_factors')
          .select('id')
          .where('user_id', '=', principal.userId)
          .where('status', '=', 'verified')
          .executeTakeFirst(),
      ]);
      if (!user || !tenant)
        throw new HttpProblem(401, {
          type: 'membership-ended',
          detail: 'You are no longer a member of this tenant',
        });
      return c.json(
        {
          user: {
            id: user.id,
            email: user.email,
            name: user.name,
            email_verified: user.email_verified_at !== null,
            mfa_enabled: factor !== undefined,
          },
          tenant,
          role: principal.role,
          permissions: [...principal.permissions],
          tenants: tenants.map((t) => ({ ...t, role: t.role as Role })),
          session_id: principal.sessionId ?? null,
          api_key_id: principal.apiKeyId ?? null,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tenants/switch',
      operationId: 'switchTenant',
      summary: 'Act for another tenant of yours (new tokens, same session)',
      tags,
      ...self,
      request: { body: jsonBody(SwitchTenantSchema) },
      responses: {
        200: jsonResponse(SessionTokensSchema, 'Tokens for that tenant'),
        ...PROBLEM_RESPONSES,
        ...NOT_FOUND_RESPONSE,
      },
    }),
    async (c) => {
      const { tenant_id } = c.req.valid('json');
      const tokens = await withIdentity(ctx, c.var.requestId, c.var.principal.claims, (db) =>
        switchSession(ctx, c, db, tenant_id),
      );
      return c.json(tokens, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tenants',
      operationId: 'createTenant',
      summary: 'Create another tenant (you become its OWNER) and switch to it',
      tags,
      ...self,
      request: { body: jsonBody(CreateTenantSchema) },
      responses: {
        201: jsonResponse(SessionTokensSchema, 'Tokens for the new tenant'),
        ...PROBLEM_RESPONSES,
        ...CONFLICT_RESPONSE,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const tokens = await withIdentity(ctx, c.var.requestId, c.var.principal.claims, async (db) => {
        const tenant = await createTenant(db, {
          name: input.name,
          slug: input.slug,
          timeZone: input.time_zone,
          currency: input.currency,
          ownerId: c.var.principal.userId,
        });
        return switchSession(ctx, c, db, tenant.id);
      });
      return c.json(tokens, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/tenant',
      operationId: 'updateTenant',
      summary: 'Change the current tenant’s settings',
      tags: ['Tenant'],
      ...guarded('tenant:update'),
      request: { body: jsonBody(TenantUpdateSchema) },
      responses: { 200: jsonResponse(TenantSchema, 'Updated'), ...PROBLEM_RESPONSES },
    }),
    async (c) => {
      const tenant = await c.var.db
        .updateTable('platform.tenants')
        .set(c.req.valid('json'))
        .where('id', '=', c.var.principal.tenantId)
        .returning(tenantColumns)
        .executeTakeFirstOrThrow();
      return c.json(tenant, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sessions',
      operationId: 'listSessions',
      summary: 'Your open sessions (devices)',
      tags,
      ...self,
      responses: {
        200: jsonResponse(z.object({ data: z.array(SessionSchema) }), 'Open sessions'),
        ...PROBLEM_RESPONSES,
      },
    }),
    async (c) => {
      const rows = await c.var.db
        .selectFrom('platform.sessions')
        .select(['id', 'user_agent', 'aal', 'created_at', 'refreshed_at'])
        .where('user_id', '=', c.var.principal.userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(100)
        .execute();
      return c.json(
        {
          data: rows.map((s) => ({
            id: s.id,
            user_agent: s.user_agent,
            aal: s.aal,
            created_at: s.created_at.toISOString(),
            refreshed_at: s.refreshed_at?.toISOString() ?? null,
            current: s.id === c.var.principal.sessionId,
          })),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/sessions/{id}',
      operationId: 'revokeSession',
      summary: 'Sign out one of your sessions',
      tags,
      ...self,
      request: { params: IdParamsSchema },
      responses: { 204: { description: 'Signed out' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = await withIdentity(ctx, c.var.requestId, c.var.principal.claims, async (db) => {
        const session = await db
          .selectFrom('platform.sessions')
          .select('id')
          .where('id', '=', id)
          .where('user_id', '=', c.var.principal.userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (session) await revokeSession(db, id, 'revoked_by_user');
        return session !== undefined;
      });
      if (!found) throw new HttpProblem(404, { detail: 'No such session' });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/password',
      operationId: 'changePassword',
      summary: 'Change your password (your other sessions are signed out)',
      tags,
      ...self,
      request: { body: jsonBody(ChangePasswordSchema) },
      responses: { 204: { description: 'Changed' }, ...PROBLEM_RESPONSES },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const principal = c.var.principal;
      const current = await withIdentity(ctx, c.var.requestId, principal.claims, (db) =>
        db
          .selectFrom('platform.users')
          .select('password_hash')
          .where('id', '=', principal.userId)
          .executeTakeFirstOrThrow(),
      );
      if (!(await bcrypt.compare(input.current_password, current.password_hash))) {
        throw new HttpProblem(422, {
          type: 'validation-error',
          title: 'Your request is not valid',
          detail: 'The current password is not right',
          errors: [{ pointer: '#/current_password', detail: 'Not your current password' }],
        });
      }
      const hash = await bcrypt.hash(input.new_password, ctx.config.bcryptCost);
      await withIdentity(ctx, c.var.requestId, principal.claims, async (db) => {
        await db
          .updateTable('platform.users')
          .set({ password_hash: hash })
          .where('id', '=', principal.userId)
          .execute();
        const others = await db
          .selectFrom('platform.sessions')
          .select('id')
          .where('user_id', '=', principal.userId)
          .where('revoked_at', 'is', null)
          .where('id', '!=', principal.sessionId ?? '00000000-0000-0000-0000-000000000000')
          .execute();
        for (const s of others) await revokeSession(db, s.id, 'password_changed');
      });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/verify-email/send',
      operationId: 'sendEmailVerification',
      summary: 'E-mail a new confirmation link to your address',
      tags,
      ...self,
      responses: { 202: { description: 'Sent' }, ...PROBLEM_RESPONSES },
    }),
    async (c) => {
      const principal = c.var.principal;
      await withIdentity(ctx, c.var.requestId, principal.claims, async (db) => {
        const user = await db
          .selectFrom('platform.users')
          .select(['id', 'email', 'name', 'email_verified_at'])
          .where('id', '=', principal.userId)
          .executeTakeFirstOrThrow();
        if (user.email_verified_at) return;
        const token = await issueOneTimeToken(db, user.id, 'email_verification', 48 * 60);
        await queueEmail(
          db,
          user.email,
          verificationEmail(user.name, accountLink(ctx, '/verify-email', token)),
        );
      });
      return c.body(null, 202);
    },
  );

  return router;
}
