/**
 * @module env
 * Configuration of the `comptoir` CLI; the only reader of `process.env` in this package.
 */
import { z } from 'zod';

const EnvSchema = z.object({
  /** Port of the local gateway. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** An existing PostgreSQL 15+ (superuser or Supabase `postgres`); unset: the embedded one. */
  DATABASE_URL: z.string().url().optional(),
  /** Port of the embedded cluster kept under .data/. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Also load the demo data after migrating (`pnpm db:migrate`). */
  SEED_DEMO: z.enum(['true', 'false']).default('false'),
});

/** Parsed CLI environment plus the service login passwords (`<SERVICE>_DB_PASSWORD`). */
export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(
      `Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const passwords = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => k.endsWith('_DB_PASSWORD') && v) as [string, string][],
  );
  return { ...parsed.data, passwords };
}
