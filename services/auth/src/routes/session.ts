/**
 * @module routes/session
 * Public routes (no credentials needed): sign-up, sign-in (with the MFA step), refresh,
 * sign-out, password reset, e-mail confirmation, invitation preview, the JWKS.
 */
import {
  InvitationAcceptSchema,
  InvitationPreviewSchema,
  LoginSchema,
  MfaLoginSchema,
  MfaRequiredSchema,
  RecoverSchema,
  RefreshSchema,
  ResetPasswordSchema,
  SessionTokensSchema,
  SignupSchema,
  VerifyEmailSchema,
} from '@comptoir/contracts/auth';
import type { Role } from '@comptoir/contracts/permissions';
import type { DB } from '@comptoir/db/schema/platform';
import { isPlatformOrigin, subdomainUrl } from '@comptoir/routing';
import {
  type AppEnv,
  CONFLICT_RESPONSE,
  HttpProblem,
  jsonBody,
  jsonResponse,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { clientIp } from '@comptoir/service-kit/rate-limit';
import { hashSecret, REFRESH_COOKIE } from '@comptoir/service-kit/tokens';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import bcrypt from 'bcryptjs';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { type AuthContext, withIdentity } from '../context.js';
import { createTenant } from '../db/tenants.js';
import { queueEmail } from '../mail/outbox.js';
import { passwordResetEmail, verificationEmail } from '../mail/templates.js';
import { verifySecondFactor } from '../mfa.js';
import { randomToken } from '../secrets.js';
import {
  clearSessionCookies,
  openSession,
  refreshSession,
  resolveActiveTenant,
  revokeAllSessions,
  revokeSession,
  setSessionCookies,
  signMfaTicket,
  verifyMfaTicket,
} from '../sessions.js';

const tags = ['Session'];
const problems = { 400: PROBLEM_RESPONSES[422], ...PROBLEM_RESPONSES };

/** Time of a bcrypt comparison for unknown e-mails, so their answer takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

/** Link in an e-mail: a page of the account app. */
export const accountLink = (ctx: AuthContext, path: string, token: string) =>
  `${subdomainUrl(ctx.config.publicOrigin, 'account')}${path}?token=${encodeURIComponent(token)}`;

/** Creates a one-time token (password reset, e-mail verification) and returns it. */
export async function issueOneTimeToken(
  db: Kysely<DB>,
  userId: string,
  purpose: 'password_reset' | 'email_verification',
  ttlMinutes: number,
): Promise<string> {
  const token = randomToken();
  await db
    .updateTable('platform.one_time_tokens')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('platform.one_time_tokens')
    .values({
      user_id: userId,
      purpose,
      token_hash: hashSecret(token),
      expires_at: new Date(Date.now() + ttlMinutes * 60_000),
    })
    .execute();
  return token;
}

/** Consumes a one-time token; returns its user id. @throws {HttpProblem} 400 when invalid, used or expired. */
async function consumeOneTimeToken(db: Kysely<DB>, token: string, purpose: string): Promise<string> {
  const row = await db
    .updateTable('platform.one_time_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashSecret(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('user_id')
    .executeTakeFirst();
  if (!row)
    throw new HttpProblem(400, { type: 'invalid-token', detail: 'This link is invalid or has expired' });
  return row.user_id;
}

/** Accepts a pending invitation for `user` inside an identity transaction; returns the tenant joined. */
export async function acceptInvitation(
  db: Kysely<DB>,
  token: string,
  user: { id: string; email: string },
): Promise<{ tenantId: string; role: Role }> {
  const invitation = await db
    .selectFrom('platform.invitations')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .forUpdate()
    .executeTakeFirst();
  if (!invitation || invitation.accepted_at || invitation.revoked_at || invitation.expires_at < new Date()) {
    throw new HttpProblem(400, {
      type: 'invalid-invitation',
      detail: 'This invitation is invalid, used or expired',
    });
  }
  if (invitation.email !== user.email) {
    throw new HttpProblem(409, {
      type: 'invitation-email-mismatch',
      detail: 'This invitation was sent to another e-mail address',
    });
  }
  await db
    .insertInto('platform.memberships')
    .values({ tenant_id: invitation.tenant_id, user_id: user.id, role: invitation.role })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
    .execute();
  await db
    .updateTable('platform.invitations')
    .set({ accepted_at: new Date(), accepted_by: user.id })
    .where('id', '=', invitation.id)
    .execute();
  const membership = await db
    .selectFrom('platform.memberships')
    .select('role')
    .where('tenant_id', '=', invitation.tenant_id)
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  return { tenantId: invitation.tenant_id, role: membership.role as Role };
}

const clientOf = (c: Context, ctx: AuthContext) => ({
  userAgent: c.req.header('user-agent') ?? null,
  ip: clientIp(c, ctx.config.trustProxy),
});

/**
 * A browser refresh or sign-out carried by the cookie must come from a platform page (CSRF);
 * API clients send the token in the body and need no Origin.
 */
function refreshTokenOf(c: Context, ctx: AuthContext, fromBody: string | undefined): string | undefined {
  if (fromBody) return fromBody;
  const cookie = getCookie(c, REFRESH_COOKIE);
  if (!cookie) return undefined;
  const origin = c.req.header('origin') ?? c.req.header('referer');
  if (!origin || !isPlatformOrigin(ctx.config.publicOrigin, origin)) {
    throw new HttpProblem(403, {
      type: 'cross-site-request',
      detail: 'Cross-site requests with the session cookie are refused',
    });
  }
  return cookie;
}

/** Builds the router of public session routes. */
export function createSessionRouter(ctx: AuthContext) {
  const router = new OpenAPIHono<AppEnv<DB>>();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/signup',
      operationId: 'signup',
      summary: 'Create an account and its tenant (or join one with an invitation)',
      tags,
      request: { body: jsonBody(SignupSchema) },
      responses: { 201: jsonResponse(SessionTokensSchema, 'Signed in'), ...problems, ...CONFLICT_RESPONSE },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const passwordHash = await bcrypt.hash(input.password, ctx.config.bcryptCost);
      const tokens = await withIdentity(ctx, c.var.requestId, {}, async (db) => {
        const existing = await db
          .selectFrom('platform.users')
          .select('id')
          .where('email', '=', input.email)
          .executeTakeFirst();
        if (existing) {
          throw new HttpProblem(409, {
            type: 'email-taken',
            detail: 'An account with this e-mail already exists; sign in instead',
            errors: [{ pointer: '#/email', detail: 'Already registered' }],
          });
        }
        const user = await db
          .insertInto('platform.users')
          .values({ email: input.email, password_hash: passwordHash, name: input.name })
          .returning(['id', 'email', 'name'])
          .executeTakeFirstOrThrow();
        let tenant: { tenantId: string; role: Role };
        if (input.invitation_token) {
          tenant = await acceptInvitation(db, input.invitation_token, user);
          // Accepting an invitation sent to this address proves it.
          await db
            .updateTable('platform.users')
            .set({ email_verified_at: new Date() })
            .where('id', '=', user.id)
            .execute();
        } else {
          const created = await createTenant(db, {
            name: input.tenant_name!,
            slug: input.tenant_slug,
            timeZone: input.time_zone,
            currency: input.currency,
            ownerId: user.id,
          });
          tenant = { tenantId: created.id, role: 'OWNER' };
          const token = await issueOneTimeToken(db, user.id, 'email_verification', 48 * 60);
          await queueEmail(
            db,
            user.email,
            verificationEmail(user.name, accountLink(ctx, '/verify-email', token)),
          );
        }
        return openSession(ctx, db, user, tenant, 'aal1', clientOf(c, ctx));
      });
      setSessionCookies(c, ctx, tokens);
      const { session_id: _, ...body } = tokens;
      return c.json(body, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/login',
      operationId: 'login',
      summary: 'Sign in with e-mail and password',
      description:
        'Answers the session tokens (also set as httpOnly cookies), or, when the account has MFA, `mfa_required` with a ticket for POST /mfa/login. Repeated failures per account and per IP answer 429 with Retry-After.',
      tags,
      request: { body: jsonBody(LoginSchema) },
      responses: {
        200: {
          description: 'Signed in, or MFA required',
          content: { 'application/json': { schema: z.union([SessionTokensSchema, MfaRequiredSchema]) } },
        },
        ...problems,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const ip = clientIp(c, ctx.config.trustProxy);
      await ctx.throttle.check(input.email, ip);
      const user = await withIdentity(ctx, c.var.requestId, {}, (db) =>
        db
          .selectFrom('platform.users')
          .select(['id', 'email', 'name', 'password_hash', 'last_tenant_id'])
          .where('email', '=', input.email)
          .executeTakeFirst(),
      );
      dummyHash ??= bcrypt.hash('timing-equaliser', ctx.config.bcryptCost);
      const valid = await bcrypt.compare(input.password, user?.password_hash ?? (await dummyHash));
      if (!user || !valid) {
        await ctx.throttle.fail(input.email, ip);
        throw new HttpProblem(401, {
          type: 'invalid-credentials',
          detail: 'E-mail or password is incorrect',
        });
      }
      await ctx.throttle.succeed(input.email);
      const result = await withIdentity(ctx, c.var.requestId, { sub: user.id }, async (db) => {
        const tenant = await resolveActiveTenant(db, user.id, input.tenant_id, user.last_tenant_id);
        if (!tenant) {
          throw new HttpProblem(403, {
            type: 'no-tenant',
            detail: 'You are not a member of any tenant any more',
          });
        }
        const factor = await db
          .selectFrom('platform.mfa_factors')
          .select('id')
          .where('user_id', '=', user.id)
          .where('status', '=', 'verified')
          .executeTakeFirst();
        if (factor) return { mfa: await signMfaTicket(ctx, user.id, tenant.tenantId) };
        return { tokens: await openSession(ctx, db, user, tenant, 'aal1', clientOf(c, ctx)) };
      });
      if ('mfa' in result) return c.json({ mfa_required: true as const, mfa_token: result.mfa! }, 200);
      setSessionCookies(c, ctx, result.tokens!);
      const { session_id: _, ...body } = result.tokens!;
      return c.json(body, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/mfa/login',
      operationId: 'loginWithMfa',
      summary: 'Second sign-in step: a TOTP code or a recovery code',
      tags,
      request: { body: jsonBody(MfaLoginSchema) },
      responses: { 200: jsonResponse(SessionTokensSchema, 'Signed in (aal2)'), ...problems },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const ticket = await verifyMfaTicket(ctx, input.mfa_token);
      const ip = clientIp(c, ctx.config.trustProxy);
      await ctx.throttle.check(ticket.userId, ip);
      const tokens = await withIdentity(ctx, c.var.requestId, { sub: ticket.userId }, async (db) => {
        const user = await db
          .selectFrom('platform.users')
          .select(['id', 'email', 'name', 'last_tenant_id'])
          .where('id', '=', ticket.userId)
          .executeTakeFirstOrThrow();
        if (!(await verifySecondFactor(ctx, db, user.id, input.code))) return null;
        const tenant = await resolveActiveTenant(db, user.id, null, ticket.tenantId ?? user.last_tenant_id);
        if (!tenant)
          throw new HttpProblem(403, {
            type: 'no-tenant',
            detail: 'You are not a member of any tenant any more',
          });
        return openSession(ctx, db, user, tenant, 'aal2', clientOf(c, ctx));
      });
      if (!tokens) {
        await ctx.throttle.fail(ticket.userId, ip);
        throw new HttpProblem(401, { type: 'invalid-mfa-code', detail: 'The code is not valid' });
      }
      await ctx.throttle.succeed(ticket.userId);
      setSessionCookies(c, ctx, tokens);
      const { session_id: _, ...body } = tokens;
      return c.json(body, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/refresh',
      operationId: 'refreshSession',
      summary: 'Rotate the refresh token and get a new access token',
      description:
        'Browsers send no body (the httpOnly cookie is used); other clients send `refresh_token`. A rotated token used again revokes the whole session.',
      tags,
      request: { body: { required: false, content: { 'application/json': { schema: RefreshSchema } } } },
      responses: { 200: jsonResponse(SessionTokensSchema, 'New tokens'), ...problems },
    }),
    async (c) => {
      const input = (c.req.valid('json') ?? {}) as { refresh_token?: string };
      const token = refreshTokenOf(c, ctx, input.refresh_token);
      if (!token)
        throw new HttpProblem(401, {
          type: 'invalid-refresh-token',
          detail: 'No refresh token; sign in again',
        });
      try {
        const outcome = await withIdentity(ctx, c.var.requestId, {}, (db) => refreshSession(ctx, db, token));
        if ('reused' in outcome) {
          throw new HttpProblem(401, {
            type: 'refresh-token-reused',
            detail: 'This sign-in was ended for your safety; sign in again',
          });
        }
        setSessionCookies(c, ctx, outcome.tokens);
        return c.json(outcome.tokens, 200);
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 401 && !input.refresh_token)
          clearSessionCookies(c, ctx);
        throw error;
      }
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/logout',
      operationId: 'logout',
      summary: 'Sign out: revoke the session of a refresh token',
      tags,
      request: { body: { required: false, content: { 'application/json': { schema: RefreshSchema } } } },
      responses: { 204: { description: 'Signed out' }, ...problems },
    }),
    async (c) => {
      const input = (c.req.valid('json') ?? {}) as { refresh_token?: string };
      const token = refreshTokenOf(c, ctx, input.refresh_token);
      if (token) {
        await withIdentity(ctx, c.var.requestId, {}, async (db) => {
          const row = await db
            .selectFrom('platform.refresh_tokens')
            .select('session_id')
            .where('token_hash', '=', hashSecret(token))
            .executeTakeFirst();
          if (row) await revokeSession(db, row.session_id, 'logout');
        });
      }
      clearSessionCookies(c, ctx);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/recover',
      operationId: 'requestPasswordReset',
      summary: 'E-mail a password-reset link',
      description: 'Always answers 202, whether or not the address has an account (no account enumeration).',
      tags,
      request: { body: jsonBody(RecoverSchema) },
      responses: { 202: { description: 'If the account exists, an e-mail is on its way' }, ...problems },
    }),
    async (c) => {
      const { email } = c.req.valid('json');
      const ip = clientIp(c, ctx.config.trustProxy);
      await ctx.throttle.check(`recover:${email}`, ip);
      await ctx.throttle.fail(`recover:${email}`, ip); // each request counts: resets are rate limited
      await withIdentity(ctx, c.var.requestId, {}, async (db) => {
        const user = await db
          .selectFrom('platform.users')
          .select(['id', 'name'])
          .where('email', '=', email)
          .executeTakeFirst();
        if (!user) return;
        const token = await issueOneTimeToken(db, user.id, 'password_reset', 60);
        await queueEmail(
          db,
          email,
          passwordResetEmail(user.name, accountLink(ctx, '/reset-password', token)),
        );
      });
      return c.body(null, 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/recover/confirm',
      operationId: 'resetPassword',
      summary: 'Set a new password with a reset token',
      description: 'Signs out every session of the account.',
      tags,
      request: { body: jsonBody(ResetPasswordSchema) },
      responses: { 204: { description: 'Password changed' }, ...problems },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const passwordHash = await bcrypt.hash(input.password, ctx.config.bcryptCost);
      await withIdentity(ctx, c.var.requestId, {}, async (db) => {
        const userId = await consumeOneTimeToken(db, input.token, 'password_reset');
        await db
          .updateTable('platform.users')
          .set({ password_hash: passwordHash, email_verified_at: new Date() })
          .where('id', '=', userId)
          .execute();
        await revokeAllSessions(db, userId, 'password_reset');
      });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/verify-email/confirm',
      operationId: 'confirmEmail',
      summary: 'Confirm an e-mail address with the link token',
      tags,
      request: { body: jsonBody(VerifyEmailSchema) },
      responses: { 204: { description: 'Address confirmed' }, ...problems },
    }),
    async (c) => {
      const { token } = c.req.valid('json');
      await withIdentity(ctx, c.var.requestId, {}, async (db) => {
        const userId = await consumeOneTimeToken(db, token, 'email_verification');
        await db
          .updateTable('platform.users')
          .set({ email_verified_at: new Date() })
          .where('id', '=', userId)
          .execute();
      });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/invitations/preview',
      operationId: 'previewInvitation',
      summary: 'What an invitation offers, before signing in or up',
      tags: ['Members'],
      request: { body: jsonBody(InvitationAcceptSchema) },
      responses: { 200: jsonResponse(InvitationPreviewSchema, 'The invitation'), ...problems },
    }),
    async (c) => {
      const { token } = c.req.valid('json');
      const row = await withIdentity(ctx, c.var.requestId, {}, (db) =>
        db
          .selectFrom('platform.invitations as i')
          .innerJoin('platform.tenants as t', 't.id', 'i.tenant_id')
          .leftJoin('platform.users as u', 'u.id', 'i.invited_by')
          .select([
            't.name as tenant_name',
            'i.email',
            'i.role',
            'u.name as invited_by',
            'i.expires_at',
            'i.accepted_at',
            'i.revoked_at',
          ])
          .where('i.token_hash', '=', hashSecret(token))
          .executeTakeFirst(),
      );
      if (!row || row.accepted_at || row.revoked_at || row.expires_at < new Date()) {
        throw new HttpProblem(400, {
          type: 'invalid-invitation',
          detail: 'This invitation is invalid, used or expired',
        });
      }
      return c.json(
        {
          tenant_name: row.tenant_name,
          email: row.email,
          role: row.role as Role,
          invited_by: row.invited_by,
          expires_at: row.expires_at.toISOString(),
        },
        200,
      );
    },
  );

  router.get('/.well-known/jwks.json', (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(ctx.keys.jwks);
  });

  if (ctx.config.devMailbox) {
    router.get('/dev/emails', async (c) => {
      const to = c.req.query('to');
      const rows = await withIdentity(ctx, c.var.requestId, {}, (db) => {
        let q = db
          .selectFrom('platform.emails')
          .select(['id', 'to_address', 'subject', 'text_body', 'template', 'status', 'created_at'])
          .orderBy('created_at', 'desc')
          .limit(50);
        if (to) q = q.where('to_address', '=', to.toLowerCase());
        return q.execute();
      });
      return c.json({ data: rows });
    });
  }

  return router;
}
