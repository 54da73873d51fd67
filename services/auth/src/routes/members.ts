/**
 * @module routes/members
 * Members of the current tenant and invitations. Role rules: nobody grants or changes a role
 * above their own, only OWNERs make OWNERs, and a tenant always keeps at least one OWNER.
 */
import {
  InvitationAcceptSchema,
  InvitationCreateSchema,
  InvitationSchema,
  MemberSchema,
  MemberUpdateSchema,
  SessionTokensSchema,
} from '@comptoir/contracts/auth';
import { IdParamsSchema } from '@comptoir/contracts/common';
import { canAssignRole, type Role } from '@comptoir/contracts/permissions';
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
import { hashSecret } from '@comptoir/service-kit/tokens';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { type AuthContext, withIdentity } from '../context.js';
import { queueEmail } from '../mail/outbox.js';
import { invitationEmail } from '../mail/templates.js';
import { randomToken } from '../secrets.js';
import { switchSession } from '../tenant-session.js';
import { acceptInvitation, accountLink } from './session.js';

const tags = ['Members'];
const UserIdParams = z.strictObject({ user_id: z.uuid() });
const INVITATION_DAYS = 7;

const notAMember = () => new HttpProblem(404, { detail: 'No member with this id in your tenant' });

/** Refuses to leave a tenant without an OWNER. */
async function assertOtherOwner(db: Kysely<DB>, userId: string): Promise<void> {
  const owners = await db
    .selectFrom('platform.memberships')
    .select('user_id')
    .where('role', '=', 'OWNER')
    .where('user_id', '!=', userId)
    .execute();
  if (owners.length === 0) {
    throw new HttpProblem(409, {
      type: 'last-owner',
      detail: 'A tenant keeps at least one owner; make someone else owner first',
    });
  }
}

const toInvitation = (i: {
  id: string;
  email: string;
  role: string;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}) => ({
  id: i.id,
  email: i.email,
  role: i.role as Role,
  expires_at: i.expires_at.toISOString(),
  accepted_at: i.accepted_at?.toISOString() ?? null,
  revoked_at: i.revoked_at?.toISOString() ?? null,
  created_at: i.created_at.toISOString(),
});

/** Builds the members and invitations router. */
export function createMembersRouter(ctx: AuthContext) {
  const router = new OpenAPIHono<AppEnv<DB>>();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/members',
      operationId: 'listMembers',
      summary: 'Members of the current tenant',
      tags,
      ...guarded('members:read'),
      responses: {
        200: jsonResponse(z.object({ data: z.array(MemberSchema) }), 'Members'),
        ...PROBLEM_RESPONSES,
      },
    }),
    async (c) => {
      const rows = await c.var.db
        .selectFrom('platform.memberships as m')
        .innerJoin('platform.users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
        .orderBy('m.created_at')
        .limit(1000)
        .execute();
      return c.json(
        {
          data: rows.map((r) => ({
            user_id: r.user_id,
            email: r.email,
            name: r.name,
            role: r.role as Role,
            joined_at: r.created_at.toISOString(),
          })),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/members/{user_id}',
      operationId: 'updateMember',
      summary: "Change a member's role",
      tags,
      ...guarded('members:update'),
      request: { params: UserIdParams, body: jsonBody(MemberUpdateSchema) },
      responses: {
        200: jsonResponse(MemberSchema, 'Updated'),
        ...PROBLEM_RESPONSES,
        ...NOT_FOUND_RESPONSE,
        ...CONFLICT_RESPONSE,
      },
    }),
    async (c) => {
      const { user_id } = c.req.valid('param');
      const { role } = c.req.valid('json');
      const actor = c.var.principal.role;
      const db = c.var.db;
      const target = await db
        .selectFrom('platform.memberships')
        .select('role')
        .where('user_id', '=', user_id)
        .forUpdate()
        .executeTakeFirst();
      if (!target) throw notAMember();
      if (!canAssignRole(actor, target.role as Role) || !canAssignRole(actor, role)) {
        throw new HttpProblem(403, {
          type: 'forbidden',
          detail: 'You cannot give or change a role above your own',
        });
      }
      if (target.role === 'OWNER' && role !== 'OWNER') await assertOtherOwner(db, user_id);
      await db.updateTable('platform.memberships').set({ role }).where('user_id', '=', user_id).execute();
      const row = await db
        .selectFrom('platform.memberships as m')
        .innerJoin('platform.users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
        .where('m.user_id', '=', user_id)
        .executeTakeFirstOrThrow();
      return c.json(
        {
          user_id: row.user_id,
          email: row.email,
          name: row.name,
          role: row.role as Role,
          joined_at: row.created_at.toISOString(),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/members/{user_id}',
      operationId: 'removeMember',
      summary: 'Remove a member (or leave, with your own id)',
      description:
        "The member's API keys for this tenant stop working at once; their access tokens expire within 15 minutes.",
      tags,
      security: [{ bearerAuth: [] }, { apiKey: [] }, { cookieAuth: [] }] as Array<Record<string, string[]>>,
      'x-permission': 'members:remove (not needed to leave)',
      request: { params: UserIdParams },
      responses: {
        204: { description: 'Removed' },
        ...PROBLEM_RESPONSES,
        ...NOT_FOUND_RESPONSE,
        ...CONFLICT_RESPONSE,
      },
    }),
    async (c) => {
      const { user_id } = c.req.valid('param');
      const { principal, db } = c.var;
      const leaving = user_id === principal.userId;
      if (!leaving && !principal.permissions.has('members:remove')) {
        throw new HttpProblem(403, {
          type: 'forbidden',
          detail: 'Your role does not allow this (members:remove)',
        });
      }
      const target = await db
        .selectFrom('platform.memberships')
        .select('role')
        .where('user_id', '=', user_id)
        .forUpdate()
        .executeTakeFirst();
      if (!target) throw notAMember();
      if (!leaving && !canAssignRole(principal.role, target.role as Role)) {
        throw new HttpProblem(403, {
          type: 'forbidden',
          detail: 'You cannot remove a member above your own role',
        });
      }
      if (target.role === 'OWNER') await assertOtherOwner(db, user_id);
      await db.deleteFrom('platform.memberships').where('user_id', '=', user_id).execute();
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/invitations',
      operationId: 'listInvitations',
      summary: 'Pending invitations of the current tenant',
      tags,
      ...guarded('members:read'),
      responses: {
        200: jsonResponse(z.object({ data: z.array(InvitationSchema) }), 'Pending invitations'),
        ...PROBLEM_RESPONSES,
      },
    }),
    async (c) => {
      const rows = await c.var.db
        .selectFrom('platform.invitations')
        .select(['id', 'email', 'role', 'expires_at', 'accepted_at', 'revoked_at', 'created_at'])
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date())
        .orderBy('created_at', 'desc')
        .limit(500)
        .execute();
      return c.json({ data: rows.map(toInvitation) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/invitations',
      operationId: 'createInvitation',
      summary: 'Invite someone by e-mail (valid 7 days)',
      tags,
      ...guarded('members:invite'),
      request: { body: jsonBody(InvitationCreateSchema) },
      responses: {
        201: jsonResponse(InvitationSchema, 'Invited'),
        ...PROBLEM_RESPONSES,
        ...CONFLICT_RESPONSE,
      },
    }),
    async (c) => {
      const { email, role } = c.req.valid('json');
      const { db, principal } = c.var;
      if (!canAssignRole(principal.role, role)) {
        throw new HttpProblem(403, {
          type: 'forbidden',
          detail: 'You cannot invite with a role above your own',
        });
      }
      const member = await db
        .selectFrom('platform.memberships as m')
        .innerJoin('platform.users as u', 'u.id', 'm.user_id')
        .select('m.user_id')
        .where('u.email', '=', email)
        .executeTakeFirst();
      if (member) {
        throw new HttpProblem(409, {
          type: 'already-member',
          detail: 'This person is already a member',
          errors: [{ pointer: '#/email', detail: 'Already a member' }],
        });
      }
      const token = randomToken();
      const invitation = await db
        .insertInto('platform.invitations')
        .values({
          email,
          role,
          token_hash: hashSecret(token),
          invited_by: principal.userId,
          expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
        })
        .returning(['id', 'email', 'role', 'expires_at', 'accepted_at', 'revoked_at', 'created_at'])
        .executeTakeFirstOrThrow();
      const [tenant, inviter] = await Promise.all([
        db
          .selectFrom('platform.tenants')
          .select('name')
          .where('id', '=', principal.tenantId)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('platform.users')
          .select('name')
          .where('id', '=', principal.userId)
          .executeTakeFirstOrThrow(),
      ]);
      await queueEmail(
        db,
        email,
        invitationEmail(tenant.name, inviter.name, role, accountLink(ctx, '/invite', token)),
        principal.tenantId,
      );
      return c.json(toInvitation(invitation), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/invitations/{id}',
      operationId: 'revokeInvitation',
      summary: 'Withdraw a pending invitation',
      tags,
      ...guarded('members:invite'),
      request: { params: IdParamsSchema },
      responses: { 204: { description: 'Withdrawn' }, ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
    }),
    async (c) => {
      const result = await c.var.db
        .updateTable('platform.invitations')
        .set({ revoked_at: new Date() })
        .where('id', '=', c.req.valid('param').id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n)
        throw new HttpProblem(404, { detail: 'No pending invitation with this id' });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/invitations/accept',
      operationId: 'acceptInvitation',
      summary: 'Join the inviting tenant (the invitation must be for your e-mail) and switch to it',
      tags,
      security: [{ bearerAuth: [] }, { cookieAuth: [] }] as Array<Record<string, string[]>>,
      request: { body: jsonBody(InvitationAcceptSchema) },
      responses: {
        200: jsonResponse(SessionTokensSchema, 'Tokens for the joined tenant'),
        ...PROBLEM_RESPONSES,
        ...CONFLICT_RESPONSE,
      },
    }),
    async (c) => {
      const { token } = c.req.valid('json');
      const principal = c.var.principal;
      const tokens = await withIdentity(ctx, c.var.requestId, principal.claims, async (db) => {
        const user = await db
          .selectFrom('platform.users')
          .select(['id', 'email'])
          .where('id', '=', principal.userId)
          .executeTakeFirstOrThrow();
        const joined = await acceptInvitation(db, token, user);
        return switchSession(ctx, c, db, joined.tenantId);
      });
      return c.json(tokens, 200);
    },
  );

  return router;
}
