import 'server-only';
/**
 * @module env
 * The billing web app's configuration, parsed once: the only reader of `process.env`.
 * Read at request time by the standalone server (the pages are dynamic), so one build serves
 * every deployment.
 */
import { z } from 'zod';

const HttpUrl = z
  .url({ protocol: /^https?$/, message: 'Must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

export const EnvSchema = z.object({
  /** Public URL of the platform (scheme, parent domain, port): app links, cookie domain. */
  PUBLIC_BASE_URL: HttpUrl.default('http://comptoir.localhost:8080'),
  /** Auth API on the internal network (no `/api/auth` prefix). */
  AUTH_INTERNAL_URL: HttpUrl.default('http://127.0.0.1:4100'),
  /** Billing API on the internal network (no `/api/billing` prefix). */
  BILLING_INTERNAL_URL: HttpUrl.default('http://127.0.0.1:4102'),
});

export type Env = z.infer<typeof EnvSchema>;

function loadEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment of the billing web app:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const env: Env = loadEnv(process.env);
