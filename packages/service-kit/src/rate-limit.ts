/**
 * @module rate-limit
 * Request rate limiting shared by every replica: fixed-window counters kept in PostgreSQL
 * (`private.rate_limits`, UNLOGGED) through rate-limiter-flexible's RateLimiterPostgres, with an
 * in-memory limiter as insurance while the database is unreachable.
 *
 * Bucket: the credential (hash of the bearer token, API key or session cookie) when the request
 * carries one, else the client IP. Headers follow draft-ietf-httpapi-ratelimit-headers:
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds), `RateLimit-Policy`;
 * a refused request gets 429 with `Retry-After` (RFC 9110 section 10.2.3).
 */
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { problemResponse } from './problem.js';
import { ACCESS_COOKIE } from './tokens.js';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Login-role pool. */
  pool: pg.Pool;
  /** Namespace of the counters, usually the service name. */
  keyPrefix: string;
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
  /** Trust `X-Forwarded-For` (behind Traefik or the local gateway). */
  trustProxy: boolean;
}

/**
 * The client address of a request. Behind the platform's proxy (Traefik, or the local gateway)
 * it is the LAST `X-Forwarded-For` entry: the one that proxy appended from the connection it
 * accepted. Earlier entries come from the client and can be forged. Without a proxy: the socket.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

function bucketOf(c: Context, trustProxy: boolean): string {
  const credential =
    c.req.header('authorization') ?? c.req.header('x-api-key') ?? getCookie(c, ACCESS_COOKIE);
  if (credential) return `cred:${createHash('sha256').update(credential).digest('base64url').slice(0, 32)}`;
  return `ip:${clientIp(c, trustProxy)}`;
}

/**
 * @example
 * app.use(rateLimit({ pool, keyPrefix: 'crm', points: 600, durationSeconds: 60, trustProxy: true }));
 */
export function rateLimit(options: RateLimitOptions) {
  const limiter = new RateLimiterPostgres({
    storeClient: options.pool,
    storeType: 'pool',
    schemaName: 'private',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
    insuranceLimiter: new RateLimiterMemory({ points: options.points, duration: options.durationSeconds }),
  });
  const policy = `${options.points};w=${options.durationSeconds}`;

  return createMiddleware(async function rateLimit(c, next) {
    let result: RateLimiterRes;
    let refused = false;
    try {
      result = await limiter.consume(bucketOf(c, options.trustProxy));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      result = error;
      refused = true;
    }
    const reset = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    const headers = {
      'ratelimit-limit': String(options.points),
      'ratelimit-remaining': String(Math.max(0, result.remainingPoints)),
      'ratelimit-reset': String(reset),
      'ratelimit-policy': policy,
    };
    if (refused) {
      return problemResponse(c, 429, {
        type: 'rate-limited',
        detail: `Too many requests; retry in ${reset} s`,
        headers: { ...headers, 'retry-after': String(reset) },
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  });
}
