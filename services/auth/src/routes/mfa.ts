/**
 * @module routes/mfa
 * Enrolling, confirming and removing the TOTP second factor, and recovery codes.
 */
import { MfaCodeSchema, MfaEnrollmentSchema, MfaRecoveryCodesSchema } from '@comptoir/contracts/auth';
import type { DB } from '@comptoir/db/schema/platform';
import {
  type AppEnv,
  CONFLICT_RESPONSE,
  HttpProblem,
  jsonBody,
  jsonResponse,
  PROBLEM_RESPONSES,
  type Principal,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { type AuthContext, withIdentity } from '../context.js';
import { matchingStep, newTotpSecret, replaceRecoveryCodes, totpFor, verifySecondFactor } from '../mfa.js';
import { revokeAllSessions } from '../sessions.js';

const tags = ['MFA'];
const self = { security: [{ bearerAuth: [] }, { cookieAuth: [] }] as Array<Record<string, string[]>> };

const sessionOnly = (c: { var: { principal: Principal } }) => {
  if (c.var.principal.kind !== 'user') {
    throw new HttpProblem(403, {
      type: 'forbidden',
      detail: 'Only a signed-in user manages their second factor',
    });
  }
};

/** Builds the MFA router. */
export function createMfaRouter(ctx: AuthContext) {
  const router = new OpenAPIHono<AppEnv<DB>>();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/mfa/totp/enroll',
      operationId: 'enrollTotp',
      summary: 'Start enrolling an authenticator app (confirm with POST /mfa/totp/verify)',
      tags,
      ...self,
      responses: {
        201: jsonResponse(MfaEnrollmentSchema, 'Secret to add to the app'),
        ...PROBLEM_RESPONSES,
        ...CONFLICT_RESPONSE,
      },
    }),
    async (c) => {
      sessionOnly(c);
      const { principal } = c.var;
      const enrollment = await withIdentity(ctx, c.var.requestId, principal.claims, async (db) => {
        const verified = await db
          .selectFrom('platform.mfa_factors')
          .select('id')
          .where('user_id', '=', principal.userId)
          .where('status', '=', 'verified')
          .executeTakeFirst();
        if (verified)
          throw new HttpProblem(409, {
            type: 'mfa-already-enabled',
            detail: 'Two-factor authentication is already on',
          });
        await db
          .deleteFrom('platform.mfa_factors')
          .where('user_id', '=', principal.userId)
          .where('status', '=', 'unverified')
          .execute();
        const secret = newTotpSecret();
        const factor = await db
          .insertInto('platform.mfa_factors')
          .values({ user_id: principal.userId, secret_encrypted: ctx.secrets.encrypt(secret) })
          .returning('id')
          .executeTakeFirstOrThrow();
        return {
          factor_id: factor.id,
          secret,
          otpauth_url: totpFor(secret, principal.email ?? 'account').toString(),
        };
      });
      return c.json(enrollment, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/mfa/totp/verify',
      operationId: 'verifyTotp',
      summary: 'Confirm enrolment with a code; returns 10 single-use recovery codes',
      tags,
      ...self,
      request: { body: jsonBody(MfaCodeSchema) },
      responses: {
        200: jsonResponse(MfaRecoveryCodesSchema, 'Two-factor authentication is on'),
        ...PROBLEM_RESPONSES,
      },
    }),
    async (c) => {
      sessionOnly(c);
      const { code } = c.req.valid('json');
      const { principal } = c.var;
      const codes = await withIdentity(ctx, c.var.requestId, principal.claims, async (db) => {
        const factor = await db
          .selectFrom('platform.mfa_factors')
          .select(['id', 'secret_encrypted'])
          .where('user_id', '=', principal.userId)
          .where('status', '=', 'unverified')
          .executeTakeFirst();
        if (!factor)
          throw new HttpProblem(400, { type: 'no-enrollment', detail: 'Start with POST /mfa/totp/enroll' });
        const step = matchingStep(ctx.secrets.decrypt(factor.secret_encrypted), code);
        if (step === null) return null;
        await db
          .updateTable('platform.mfa_factors')
          .set({ status: 'verified', last_used_step: step })
          .where('id', '=', factor.id)
          .execute();
        return replaceRecoveryCodes(ctx, db, principal.userId);
      });
      if (!codes) {
        throw new HttpProblem(422, {
          type: 'validation-error',
          title: 'Your request is not valid',
          detail: 'The code is not valid; check the time of your device',
          errors: [{ pointer: '#/code', detail: 'Not valid' }],
        });
      }
      return c.json({ recovery_codes: codes }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/mfa/recovery-codes',
      operationId: 'regenerateRecoveryCodes',
      summary: 'Replace your recovery codes (needs a current code)',
      tags,
      ...self,
      request: { body: jsonBody(MfaCodeSchema) },
      responses: {
        200: jsonResponse(MfaRecoveryCodesSchema, 'New codes; the old ones no longer work'),
        ...PROBLEM_RESPONSES,
      },
    }),
    async (c) => {
      sessionOnly(c);
      const { principal } = c.var;
      const codes = await withIdentity(ctx, c.var.requestId, principal.claims, async (db) =>
        (await verifySecondFactor(ctx, db, principal.userId, c.req.valid('json').code))
          ? replaceRecoveryCodes(ctx, db, principal.userId)
          : null,
      );
      if (!codes) throw new HttpProblem(422, { type: 'invalid-mfa-code', detail: 'The code is not valid' });
      return c.json({ recovery_codes: codes }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/mfa/totp/disable',
      operationId: 'disableTotp',
      summary: 'Turn two-factor authentication off (needs a current code); every session is signed out',
      tags,
      ...self,
      request: { body: jsonBody(MfaCodeSchema) },
      responses: { 204: { description: 'Off' }, ...PROBLEM_RESPONSES },
    }),
    async (c) => {
      sessionOnly(c);
      const { principal } = c.var;
      const done = await withIdentity(ctx, c.var.requestId, principal.claims, async (db) => {
        if (!(await verifySecondFactor(ctx, db, principal.userId, c.req.valid('json').code))) return false;
        await db.deleteFrom('platform.mfa_factors').where('user_id', '=', principal.userId).execute();
        await db.deleteFrom('platform.mfa_recovery_codes').where('user_id', '=', principal.userId).execute();
        await revokeAllSessions(db, principal.userId, 'mfa_disabled');
        return true;
      });
      if (!done) throw new HttpProblem(422, { type: 'invalid-mfa-code', detail: 'The code is not valid' });
      return c.body(null, 204);
    },
  );

  return router;
}
