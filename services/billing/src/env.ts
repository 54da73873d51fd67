/**
 * @module env
 * The billing API's configuration; the only reader of `process.env`.
 */
import { parseEnv, ServiceEnvSchema } from '@comptoir/service-kit/env';
import { z } from 'zod';

export const BillingEnvSchema = ServiceEnvSchema.extend({
  /** Stripe secret key (`sk_live_…` / `sk_test_…`); without it, plan upgrades answer 503. */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(live|test)_[A-Za-z0-9]+$/, 'Use a Stripe secret or restricted key')
    .optional(),
  /** Signing secret of the webhook endpoint (`whsec_…`); without it, the webhook answers 503. */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'Use the endpoint signing secret (whsec_…)')
    .optional(),
});
export type BillingEnv = ReturnType<typeof loadEnv>;

/** @throws {Error} listing every invalid variable. */
export const loadEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(BillingEnvSchema, source);
