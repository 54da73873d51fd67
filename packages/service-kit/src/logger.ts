/**
 * @module logger
 * Structured JSON logs (pino): one line per request with method, route, status, duration,
 * request id, tenant and user ids. Personal data never reaches the log: credentials, cookies,
 * passwords, e-mail addresses, phone numbers, tokens and PostgreSQL error details (which quote
 * the offending values) are redacted wherever they appear.
 */
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import pino, { type Logger } from 'pino';
import type { AppEnv } from './context.js';

/** Field names redacted at any depth up to 2 below the root. */
const SENSITIVE = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'new_password',
  'current_password',
  'email',
  'phone',
  'token',
  'access_token',
  'refresh_token',
  'mfa_token',
  'secret',
  'key',
  'code',
  'detail',
];

/** Redaction paths for pino (fast-redact syntax). */
export const REDACT_PATHS = SENSITIVE.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

/**
 * Creates the service logger.
 *
 * @param name service name, added to every line.
 * @param level pino level (default 'info'; 'silent' in tests).
 */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
}

/**
 * Exposes the service logger as `c.var.logger` and writes the access-log line once the response
 * is ready (with request id, tenant and user). No child logger per request: creating one costs
 * more than the line itself on the hot path; lines logged during a request carry `request_id`.
 */
export function requestLogger(logger: Logger) {
  return createMiddleware<AppEnv>(async function requestLogger(c, next) {
    const start = performance.now();
    c.set('logger', logger);
    await next();
    const status = c.res.status;
    const principal = c.get('principal');
    const line = {
      request_id: c.var.requestId,
      ...(principal ? { tenant_id: principal.tenantId, user_id: principal.userId } : {}),
      method: c.req.method,
      route: routePath(c, -1),
      path: c.req.path,
      status,
      duration_ms: Math.round((performance.now() - start) * 10) / 10,
    };
    if (status >= 500) c.var.logger.error(line, 'request failed');
    else if (
      !c.req.path.startsWith('/health') &&
      !c.req.path.startsWith('/ready') &&
      !c.req.path.startsWith('/metrics')
    )
      c.var.logger.info(line, 'request');
  });
}
