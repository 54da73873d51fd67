/**
 * @module tenant-transaction
 * The per-request transaction: exposes `c.var.db` (Kysely) and `c.var.rdb` bound to one
 * {@link RequestDb} running as the service's request role with the caller's claims, commits only
 * when the handler succeeded (`!c.error && status < 400`), rolls back otherwise.
 *
 * Hono's `compose` catches a handler's throw at its own layer and records it in `c.error`, so
 * `await next()` here never rejects: the outcome is read from the context.
 */
import { RequestDb } from '@comptoir/db/request-db';
import { createMiddleware } from 'hono/factory';
import type pg from 'pg';
import type { AppEnv } from './context.js';
import { toProblem } from './problem.js';

/** Options of {@link tenantTransaction}. */
export interface TenantTransactionOptions {
  /** Pool of the service's login role. */
  pool: pg.Pool;
  /** Role set for the request, e.g. 'crm_authenticated'. */
  requestRole: string;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * @example
 * app.use(authenticate(…), tenantTransaction({ pool, requestRole: 'crm_authenticated' }));
 */
export function tenantTransaction(options: TenantTransactionOptions) {
  return createMiddleware<AppEnv>(async function tenantTransaction(c, next) {
    const rdb = new RequestDb<unknown>({
      pool: options.pool,
      role: options.requestRole,
      claims: c.var.principal.claims,
      requestId: c.var.requestId,
      mode: READ_METHODS.has(c.req.method) ? 'read' : 'write',
    });
    c.set('rdb', rdb);
    c.set('db', rdb.db);
    try {
      await next();
    } finally {
      const succeeded = !c.error && c.res.status < 400;
      try {
        await rdb.finish(succeeded ? 'commit' : 'rollback');
      } catch (error) {
        // The work was done but could not be committed: the client must not see a success.
        c.res = undefined;
        c.res = toProblem(error, c, (e) =>
          c.var.logger.error({ err: e, request_id: c.var.requestId }, 'commit failed'),
        );
      }
    }
  });
}
