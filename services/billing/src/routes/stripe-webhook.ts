/**
 * @module routes/stripe-webhook
 * `POST /stripe/webhook`: Stripe's calls, without our credentials. The `Stripe-Signature` header
 * is verified (HMAC-SHA256 over `<timestamp>.<body>`, constant-time comparison, 5-minute
 * tolerance: https://docs.stripe.com/webhooks#verify-events) before anything is read; each event
 * id is applied once (a replay answers 200 and changes nothing). 503 when Stripe is not set up.
 */
import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/billing';
import { type AppEnv, HttpProblem, jsonResponse, PROBLEM_RESPONSES } from '@comptoir/service-kit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type pg from 'pg';
import { applyStripeAction } from '../db/stripe.js';
import { interpretStripeEvent } from '../stripe/events.js';
import { StripeSignatureError, verifyStripeSignature } from '../stripe/webhook.js';

const WebhookResultSchema = z
  .object({ received: z.literal(true), duplicate: z.boolean(), outcome: z.string() })
  .meta({ id: 'StripeWebhookResult' });

/** The webhook route, bound to the signing secret (undefined: not configured) and the pool. */
export function stripeWebhookRouter(deps: { webhookSecret: string | undefined; pool: pg.Pool }) {
  const router = new OpenAPIHono<AppEnv<DB>>();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/stripe/webhook',
      operationId: 'stripeWebhook',
      summary: 'Stripe events (signed with the endpoint secret)',
      description:
        'Handles checkout.session.completed, customer.subscription.created/updated/deleted, invoice.payment_failed and invoice.paid; other types are acknowledged and ignored.',
      tags: ['Stripe'],
      request: {
        headers: z.object({ 'stripe-signature': z.string().optional() }),
        // A plain OpenAPI schema, not zod: no validator may parse the body, whose exact bytes are signed.
        body: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', description: 'A Stripe event object' } },
          },
        },
      },
      responses: {
        200: jsonResponse(WebhookResultSchema, 'Received'),
        ...PROBLEM_RESPONSES,
        503: { description: 'Stripe is not configured' },
      },
    }),
    async (c) => {
      if (!deps.webhookSecret) {
        throw new HttpProblem(503, {
          type: 'stripe-not-configured',
          detail: 'Stripe webhooks are not set up on this platform (STRIPE_WEBHOOK_SECRET is not set)',
        });
      }
      const payload = await c.req.text();
      let event: ReturnType<typeof verifyStripeSignature>;
      try {
        event = verifyStripeSignature(payload, c.req.header('stripe-signature'), deps.webhookSecret);
      } catch (error) {
        if (error instanceof StripeSignatureError) {
          throw new HttpProblem(400, {
            type: 'stripe-signature',
            title: 'Invalid Stripe signature',
            detail: `The Stripe-Signature header does not verify (${error.reason.replaceAll('_', ' ')})`,
          });
        }
        throw new HttpProblem(400, { detail: 'The body is not a Stripe event' });
      }
      const action = interpretStripeEvent(event);
      const rdb = new RequestDb<DB>({
        pool: deps.pool,
        role: 'billing_webhook',
        claims: { role: 'billing_webhook' },
        requestId: c.var.requestId,
        mode: 'write',
      });
      try {
        const result = await applyStripeAction(
          rdb.db,
          typeof event.type === 'string' ? event.type : 'unknown',
          action,
        );
        if (result.retry) {
          await rdb.finish('rollback');
          c.var.logger.info(
            { stripe_event: event.id, type: event.type },
            'stripe event for an unknown customer: retry later',
          );
          throw new HttpProblem(503, {
            type: 'stripe-retry',
            detail: 'No tenant has this Stripe customer yet; deliver the event again later',
            headers: { 'retry-after': '60' },
          });
        }
        await rdb.finish('commit');
        c.var.logger.info({ stripe_event: event.id, type: event.type, ...result }, 'stripe event');
        return c.json({ received: true as const, duplicate: result.duplicate, outcome: result.outcome }, 200);
      } catch (error) {
        if (!(error instanceof HttpProblem)) await rdb.finish('rollback');
        throw error;
      }
    },
  );
  return router;
}
