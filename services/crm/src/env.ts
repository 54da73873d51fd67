/**
 * @module env
 * The CRM API's configuration; the only reader of `process.env`.
 */
import { parseEnv, ServiceEnvSchema } from '@comptoir/service-kit/env';

export const CrmEnvSchema = ServiceEnvSchema;
export type CrmEnv = ReturnType<typeof loadEnv>;

/** @throws {Error} listing every invalid variable. */
export const loadEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(CrmEnvSchema, source);
