/**
 * @module idempotency
 * `Idempotency-Key` on POST and PATCH (draft-ietf-httpapi-idempotency-key-header): the first
 * successful response is stored with a SHA-256 of the request, inside the request's own
 * transaction, so it commits or rolls back together with the work.
 *
 * - Same key, same request: the stored response is replayed (`Idempotent-Replayed: true`).
 * - Same key, another request: 422.
 * - Same key while the first request is still running: the key row is locked by its uncommitted
 *   insert, so the retry waits for the outcome, then replays it (or runs, if the first failed).
 * - A failed request (4xx/5xx) rolls back and stores nothing: a retry runs again.
 * Keys are scoped to tenant and caller and kept 24 hours.
 */
import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.js';
import { HttpProblem } from './problem.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Response headers worth replaying. */
const KEPT_HEADERS = ['content-type', 'location', 'etag'];

interface StoredKey {
  request_hash: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

/**
 * Must run after `tenantTransaction` (it writes through `c.var.rdb`).
 *
 * @example
 * app.use(authenticate(…), tenantTransaction(…), idempotency());
 */
export function idempotency() {
  return createMiddleware<AppEnv>(async function idempotency(c, next) {
    const key = c.req.header('idempotency-key');
    if (key === undefined || (c.req.method !== 'POST' && c.req.method !== 'PATCH')) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new HttpProblem(400, {
        type: 'invalid-idempotency-key',
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
      });
    }
    const body = await c.req.text();
    const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`).update(body).digest('hex');
    const actor = c.var.principal.apiKeyId ?? c.var.principal.userId;

    // Claim the key; an expired row is taken over. On conflict with a live row nothing returns.
    const claimed = await c.var.rdb.query(
      `insert into platform.idempotency_keys (actor_id, key, request_method, request_path, request_hash)
       values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, actor_id, key) do update
         set request_method = excluded.request_method, request_path = excluded.request_path,
             request_hash = excluded.request_hash, response_status = null, response_headers = null,
             response_body = null, created_at = now(), expires_at = now() + interval '24 hours'
         where platform.idempotency_keys.expires_at < now()
       returning 1`,
      [actor, key, c.req.method, c.req.path, hash],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await c.var.rdb.query<StoredKey>(
        `select request_hash, response_status, response_headers, response_body
         from platform.idempotency_keys where actor_id = $1 and key = $2`,
        [actor, key],
      );
      const stored = rows[0];
      if (!stored || stored.request_hash !== hash) {
        throw new HttpProblem(422, {
          type: 'idempotency-key-reused',
          detail: 'This Idempotency-Key was already used for a different request',
        });
      }
      if (stored.response_status === null) {
        throw new HttpProblem(409, {
          type: 'idempotency-key-in-use',
          detail: 'A request with this Idempotency-Key is still being processed; retry shortly',
          headers: { 'retry-after': '1' },
        });
      }
      return c.body(stored.response_body ?? '', stored.response_status as 200, {
        ...(stored.response_headers ?? {}),
        'idempotent-replayed': 'true',
      });
    }

    await next();
    if (c.error || c.res.status >= 400) return;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = c.res.headers.get(name);
      if (value) headers[name] = value;
    }
    const responseBody = await c.res.clone().text();
    await c.var.rdb.query(
      `update platform.idempotency_keys
       set response_status = $3, response_headers = $4, response_body = $5
       where actor_id = $1 and key = $2`,
      [actor, key, c.res.status, JSON.stringify(headers), responseBody],
    );
  });
}
