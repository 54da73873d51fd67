/**
 * @module billing/plans
 * The plan catalogue (FREE, STARTER, PRO, ENTERPRISE): features and monthly quotas, the same for
 * every tenant and versioned with the code; and the contracts of the plan and quota endpoints.
 *
 * Quotas count per calendar month of the tenant's time zone and reset on the 1st. A service
 * checks a quota before an action (`POST /quotas/{metric}/check`) and consumes it after the
 * action succeeded (`POST /quotas/{metric}/consume`); an exhausted quota answers 402.
 */
import { z } from 'zod';

export const PLAN_CODES = ['FREE', 'STARTER', 'PRO', 'ENTERPRISE'] as const;
export type PlanCode = (typeof PLAN_CODES)[number];

/** Metrics with a monthly quota. */
export const QUOTA_METRICS = ['ai_requests', 'invoices', 'seats'] as const;
export type QuotaMetric = (typeof QUOTA_METRICS)[number];

/** A plan: monthly price (minor units, EUR, excluding VAT), features, quotas (null: unlimited). */
export interface Plan {
  code: PlanCode;
  name: string;
  monthlyPriceMinor: number;
  currency: 'EUR';
  features: readonly string[];
  quotas: Readonly<Record<QuotaMetric, number | null>>;
}

/** The catalogue. Stripe prices carry the plan code in lower case as `lookup_key` (`starter`…). */
export const PLANS: Readonly<Record<PlanCode, Plan>> = {
  FREE: {
    code: 'FREE',
    name: 'Free',
    monthlyPriceMinor: 0,
    currency: 'EUR',
    features: ['crm', 'billing'],
    quotas: { ai_requests: 50, invoices: 10, seats: 2 },
  },
  STARTER: {
    code: 'STARTER',
    name: 'Starter',
    monthlyPriceMinor: 1_900,
    currency: 'EUR',
    features: ['crm', 'billing', 'sepa_direct_debit', 'dunning'],
    quotas: { ai_requests: 500, invoices: 100, seats: 5 },
  },
  PRO: {
    code: 'PRO',
    name: 'Pro',
    monthlyPriceMinor: 4_900,
    currency: 'EUR',
    features: ['crm', 'billing', 'sepa_direct_debit', 'dunning', 'accounting', 'scheduling', 'ai_agents'],
    quotas: { ai_requests: 5_000, invoices: 1_000, seats: 20 },
  },
  ENTERPRISE: {
    code: 'ENTERPRISE',
    name: 'Enterprise',
    monthlyPriceMinor: 19_900,
    currency: 'EUR',
    features: [
      'crm',
      'billing',
      'sepa_direct_debit',
      'dunning',
      'accounting',
      'scheduling',
      'ai_agents',
      'sso',
      'audit_export',
    ],
    quotas: { ai_requests: null, invoices: null, seats: null },
  },
};

/** The plan of a Stripe price lookup key (`starter` → STARTER), or null. */
export function planOfLookupKey(key: string | null | undefined): PlanCode | null {
  const code = key?.toUpperCase();
  return code && (PLAN_CODES as readonly string[]).includes(code) ? (code as PlanCode) : null;
}

export const QuotaUsageSchema = z
  .object({
    metric: z.enum(QUOTA_METRICS),
    used: z.int(),
    limit: z.int().nullable().meta({ description: 'null: unlimited' }),
    remaining: z.int().nullable(),
    period_start: z.string().meta({ description: 'First day of the month counted (tenant time zone)' }),
    period_end: z.string().meta({ description: 'First day of the next month: the counter resets then' }),
  })
  .meta({ id: 'QuotaUsage' });

export const TenantPlanSchema = z
  .object({
    plan: z.enum(PLAN_CODES),
    name: z.string(),
    status: z.string().meta({ description: "Stripe's subscription status; active on FREE" }),
    features: z.array(z.string()),
    current_period_end: z.string().nullable(),
    cancel_at_period_end: z.boolean(),
    payment_failed: z.boolean(),
    stripe_enabled: z.boolean().meta({ description: 'Whether upgrades through Stripe are available' }),
    usage: z.array(QuotaUsageSchema),
    plans: z.array(
      z.object({
        code: z.enum(PLAN_CODES),
        name: z.string(),
        monthly_price_minor: z.int(),
        currency: z.string(),
        features: z.array(z.string()),
        quotas: z.record(z.string(), z.int().nullable()),
      }),
    ),
  })
  .meta({ id: 'TenantPlan' });

export const QuotaMetricParamsSchema = z.strictObject({ metric: z.enum(QUOTA_METRICS) });

export const QuotaAmountSchema = z
  .strictObject({
    amount: z.int().min(1).max(10_000).default(1).meta({ description: 'Units to check or consume' }),
  })
  .meta({ id: 'QuotaAmount' });

export const CheckoutCreateSchema = z
  .strictObject({ plan: z.enum(['STARTER', 'PRO', 'ENTERPRISE']) })
  .meta({ id: 'CheckoutCreate' });

export const RedirectUrlSchema = z.object({ url: z.string() }).meta({ id: 'RedirectUrl' });

export type QuotaUsage = z.infer<typeof QuotaUsageSchema>;
export type TenantPlan = z.infer<typeof TenantPlanSchema>;
