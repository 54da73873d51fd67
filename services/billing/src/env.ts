/**
 * @module env
 * The billing API's configuration; the only reader of `process.env`.
 */
import { parseEnv, ServiceEnvSchema } from '@comptoir/service-kit/env';

export const BillingEnvSchema = ServiceEnvSchema;
export type BillingEnv = ReturnType<typeof loadEnv>;

/** @throws {Error} listing every invalid variable. */
export const loadEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(BillingEnvSchema, source);
