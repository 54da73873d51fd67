/**
 * @module env
 * Environment parsing shared by the services: every service has one `env.ts` that extends
 * {@link ServiceEnvSchema} and is the only reader of `process.env`.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Variables every API reads. */
export const ServiceEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** postgres:// URL of this service's own login role. */
  DATABASE_URL: z.string().url(),
  /** Public base URL of the platform, e.g. https://comptoir.example.com or http://comptoir.localhost:8080. */
  PUBLIC_BASE_URL: z.string().url().default('http://comptoir.localhost:8080'),
  /** JWKS of the auth service (URL) or the key set itself (JSON). */
  AUTH_JWKS: z.string().min(2),
  AUTH_ISSUER: z.string().default('comptoir-auth'),
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  TRUST_PROXY: bool.default(true),
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Soft-deleted rows older than this are purged by the nightly job. */
  SOFT_DELETE_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
});

/**
 * Parses `source` with `schema`; on failure prints every problem and exits, so a misconfigured
 * service never starts half-working.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}

/** Parses AUTH_JWKS: inline JSON key set, or a URL. */
export function jwksSource(value: string): string | { keys: Record<string, unknown>[] } {
  return value.trim().startsWith('{') ? (JSON.parse(value) as { keys: Record<string, unknown>[] }) : value;
}
