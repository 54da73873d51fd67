/**
 * @module routes/plans
 * `/plan`: the tenant's plan, features and this month's quota usage; Stripe Checkout for an
 * upgrade and the Stripe customer portal (503 when Stripe is not configured). `/quotas/{metric}`:
 * check before an action, consume after it succeeded (402 when exhausted), for every service.
 */
import {
  CheckoutCreateSchema,
  PLANS,
  type PlanCode,
  QuotaAmountSchema,
  QuotaMetricParamsSchema,
  QuotaUsageSchema,
  RedirectUrlSchema,
  TenantPlanSchema,
} from '@comptoir/contracts/billing/plans';
import type { DB } from '@comptoir/db/schema/billing';
import { type PublicOrigin, subdomainUrl } from '@comptoir/routing';
import {
  type AppEnv,
  CONFLICT_RESPONSE,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type Stripe from 'stripe';
import * as plans from '../db/plans.js';

const tags = ['Plan and quotas'];
const QUOTA_RESPONSES = {
  ...PROBLEM_RESPONSES,
  402: { description: 'Quota exhausted (problem details with metric, used, limit, reset_on)' },
};

/** Stripe as the plan routes use it; `undefined` when STRIPE_SECRET_KEY is not set. */
export type StripeClient = Pick<Stripe, 'checkout' | 'billingPortal' | 'prices'>;

const stripeMissing = () =>
  new HttpProblem(503, {
    type: 'stripe-not-configured',
    detail:
      'Online payments are not set up on this platform (STRIPE_SECRET_KEY is not set); plans cannot be changed here.',
  });

/** The plan routes, bound to the Stripe client (if any) and the public origin (return URLs). */
export function plansRouter(deps: { stripe: StripeClient | undefined; publicOrigin: PublicOrigin }) {
  const router = new OpenAPIHono<AppEnv<DB>>();
  const planPage = `${subdomainUrl(deps.publicOrigin, 'billing')}/plan`;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/plan',
      operationId: 'getPlan',
      summary: "The tenant's plan, features, quota usage this month, and the plans on offer",
      tags,
      ...guarded('plan:read'),
      responses: { 200: jsonResponse(TenantPlanSchema, 'The plan'), ...PROBLEM_RESPONSES },
    }),
    async (c) => {
      const subscription = await plans.loadSubscription(c.var.db);
      const code = subscription.plan as PlanCode;
      return c.json(
        {
          plan: code,
          name: PLANS[code].name,
          status: subscription.status,
          features: [...PLANS[code].features],
          current_period_end: subscription.current_period_end
            ? new Date(subscription.current_period_end).toISOString()
            : null,
          cancel_at_period_end: subscription.cancel_at_period_end,
          payment_failed: subscription.payment_failed_at !== null,
          stripe_enabled: deps.stripe !== undefined,
          usage: await plans.quotaUsage(c.var.db, code),
          plans: Object.values(PLANS).map((p) => ({
            code: p.code,
            name: p.name,
            monthly_price_minor: p.monthlyPriceMinor,
            currency: p.currency,
            features: [...p.features],
            quotas: { ...p.quotas },
          })),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/quotas/{metric}/check',
      operationId: 'checkQuota',
      summary: 'Check that an action fits this month’s quota (before the action)',
      tags,
      ...guarded('quotas:consume'),
      request: { params: QuotaMetricParamsSchema, body: jsonBody(QuotaAmountSchema) },
      responses: { 200: jsonResponse(QuotaUsageSchema, 'It fits'), ...QUOTA_RESPONSES },
    }),
    async (c) =>
      c.json(await plans.checkQuota(c.var.db, c.req.valid('param').metric, c.req.valid('json').amount), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/quotas/{metric}/consume',
      operationId: 'consumeQuota',
      summary: 'Count an action against this month’s quota (after it succeeded)',
      description:
        'Atomic: concurrent calls never take the counter past the limit. Send an Idempotency-Key to retry safely.',
      tags,
      ...guarded('quotas:consume'),
      request: { params: QuotaMetricParamsSchema, body: jsonBody(QuotaAmountSchema) },
      responses: { 200: jsonResponse(QuotaUsageSchema, 'Counted'), ...QUOTA_RESPONSES },
    }),
    async (c) =>
      c.json(
        await plans.consumeQuota(c.var.db, c.req.valid('param').metric, c.req.valid('json').amount),
        200,
      ),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/plan/checkout',
      operationId: 'createPlanCheckout',
      summary: 'Start a Stripe Checkout to subscribe to a plan',
      description:
        'The Stripe price of a plan is the active price whose lookup_key is the plan code in lower case. 503 without Stripe.',
      tags,
      ...guarded('plan:manage'),
      request: { body: jsonBody(CheckoutCreateSchema) },
      responses: {
        200: jsonResponse(RedirectUrlSchema, 'Where to send the browser'),
        ...PROBLEM_RESPONSES,
        ...CONFLICT_RESPONSE,
        503: { description: 'Stripe is not configured' },
      },
    }),
    async (c) => {
      if (!deps.stripe) throw stripeMissing();
      const { plan } = c.req.valid('json');
      const subscription = await plans.loadSubscription(c.var.db);
      // One subscription per tenant: a tenant that has one changes plan in the customer portal
      // (a second Checkout would bill twice).
      if (
        subscription.stripe_subscription_id &&
        !['canceled', 'incomplete_expired'].includes(subscription.status)
      ) {
        throw new HttpProblem(409, {
          type: 'invalid-state',
          detail: `The tenant already has a subscription (${PLANS[subscription.plan as PlanCode].name}); change plan in the customer portal`,
        });
      }
      const prices = await deps.stripe.prices.list({
        lookup_keys: [plan.toLowerCase()],
        active: true,
        limit: 1,
      });
      const price = prices.data[0];
      if (!price) {
        throw new HttpProblem(503, {
          type: 'stripe-not-configured',
          detail: `No active Stripe price has lookup_key "${plan.toLowerCase()}"`,
        });
      }
      const session = await deps.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: price.id, quantity: 1 }],
        client_reference_id: c.var.principal.tenantId,
        metadata: { tenant_id: c.var.principal.tenantId, plan },
        subscription_data: { metadata: { tenant_id: c.var.principal.tenantId, plan } },
        ...(subscription.stripe_customer_id
          ? { customer: subscription.stripe_customer_id }
          : c.var.principal.email
            ? { customer_email: c.var.principal.email }
            : {}),
        success_url: `${planPage}?checkout=success`,
        cancel_url: `${planPage}?checkout=cancelled`,
      });
      if (!session.url) throw new HttpProblem(502, { detail: 'Stripe returned no Checkout URL' });
      return c.json({ url: session.url }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/plan/portal',
      operationId: 'createPlanPortal',
      summary: 'Open the Stripe customer portal (payment method, invoices, cancellation)',
      tags,
      ...guarded('plan:manage'),
      responses: {
        200: jsonResponse(RedirectUrlSchema, 'Where to send the browser'),
        ...PROBLEM_RESPONSES,
        ...CONFLICT_RESPONSE,
        503: { description: 'Stripe is not configured' },
      },
    }),
    async (c) => {
      if (!deps.stripe) throw stripeMissing();
      const subscription = await plans.loadSubscription(c.var.db);
      if (!subscription.stripe_customer_id) {
        throw new HttpProblem(409, {
          type: 'invalid-state',
          detail: 'The tenant has no Stripe subscription yet: choose a plan first',
        });
      }
      const session = await deps.stripe.billingPortal.sessions.create({
        customer: subscription.stripe_customer_id,
        return_url: planPage,
      });
      return c.json({ url: session.url }, 200);
    },
  );

  return router;
}
