/**
 * @module rate-limit
 * Request rate limiting shared by every replica: fixed-window counters kept in PostgreSQL
 * (`private.rate_limits`, UNLOGGED, the row layout of rate-limiter-flexible's RateLimiterPostgres),
 * written behind ({@link SharedWindowLimiter}), with rate-limiter-flexible's in-memory limiter as
 * insurance while the database is unreachable.
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
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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

/** What one request's check answers. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the window (0 when refused). */
  remaining: number;
  /** Milliseconds until the window ends. */
  msBeforeNext: number;
}

/** One key's window as this process knows it. */
interface WindowState {
  /** End of the window, ms since the epoch (the row's `expire`). */
  expireAt: number;
  /** The row's count when last read back: every replica's requests, ours flushed included. */
  known: number;
  /** This process's requests not yet added to the row. */
  pending: number;
}

/**
 * Fixed-window counters shared by replicas through `private.rate_limits`, written behind.
 *
 * Counting every request with its own upsert of one hot row cost a pool checkout, a round trip
 * and a row lock per request, and up to a third of a list page's throughput (docs/architecture.md).
 * Here, far from its limit a key is counted in memory and added to its row by one upsert for all
 * keys every `flushMs`; a request goes to the database itself only when this process does not
 * know the key's current window, or when the row (as last read) plus this process's pending
 * count reaches half the points: from there every request is counted in the row before it is
 * answered. So the limit holds exactly on one process and with two replicas (each admits from
 * memory at most half of it); N > 2 replicas hit by one client within the same `flushMs` may
 * together admit up to N × points / 2 before the row shows it (abuse protection, not metering).
 *
 * The rows keep RateLimiterPostgres' meaning (`key` = `<prefix>:<key>`, `points` used in the
 * window, `expire` its end in ms), so the two share the table (the auth service's throttles).
 */
export class SharedWindowLimiter {
  readonly #pool: pg.Pool;
  readonly #prefix: string;
  readonly #points: number;
  readonly #durationMs: number;
  readonly #flushMs: number;
  readonly #keys = new Map<string, WindowState>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  /**
   * @param options.points requests allowed per window; `durationSeconds` the window;
   * `flushMs` how long counts may wait in memory (default 100 ms).
   */
  constructor(options: {
    pool: pg.Pool;
    keyPrefix: string;
    points: number;
    durationSeconds: number;
    flushMs?: number;
  }) {
    this.#pool = options.pool;
    this.#prefix = options.keyPrefix;
    this.#points = options.points;
    this.#durationMs = options.durationSeconds * 1000;
    this.#flushMs = options.flushMs ?? 100;
    // Rows of windows over for an hour go, as RateLimiterPostgres' clearExpired does (every 5 min).
    setInterval(() => {
      this.#pool
        .query('delete from private.rate_limits where expire < $1', [Date.now() - 3_600_000])
        .catch(() => {}); // tried again in 5 minutes
    }, 300_000).unref();
  }

  /**
   * Counts one request of `key`.
   *
   * @throws the database's error when the key had to be counted in the row and could not be.
   */
  async consume(key: string): Promise<RateLimitDecision> {
    const now = Date.now();
    let state = this.#keys.get(key);
    if (state && now >= state.expireAt) {
      this.#keys.delete(key); // that window is over; what it had pending no longer counts
      state = undefined;
    }
    if (state && (state.known + state.pending + 1) * 2 <= this.#points) {
      state.pending += 1;
      this.#schedule();
      return {
        allowed: true,
        remaining: this.#points - state.known - state.pending,
        msBeforeNext: state.expireAt - now,
      };
    }
    // Unknown window, or half the points used: count it (with what waits) in the row now.
    const add = 1 + (state?.pending ?? 0);
    if (state) state.pending = 0;
    let row: { points: number; expire: number };
    try {
      row = (await this.#upsert([key], [add]))[0]!;
    } catch (error) {
      if (state) state.pending += add - 1; // the others' requests are still to be counted
      throw error;
    }
    const current = this.#keys.get(key);
    if (current && current.expireAt === row.expire) current.known = Math.max(current.known, row.points);
    else this.#keys.set(key, { expireAt: row.expire, known: row.points, pending: 0 });
    return {
      allowed: row.points <= this.#points,
      remaining: Math.max(0, this.#points - row.points),
      msBeforeNext: Math.max(0, row.expire - Date.now()),
    };
  }

  /** Adds every pending count to its row now (shutdown, tests). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flushing = this.#flushing.then(() => this.#flushPending());
    return this.#flushing;
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch(() => {}); // counts stay pending and go with the next flush
    }, this.#flushMs);
    this.#timer.unref();
  }

  async #flushPending(): Promise<void> {
    const keys: string[] = [];
    const adds: number[] = [];
    for (const [key, state] of this.#keys) {
      if (state.pending > 0) {
        keys.push(key);
        adds.push(state.pending);
        state.pending = 0;
      }
    }
    if (keys.length === 0) return;
    let rows: Array<{ points: number; expire: number }>;
    try {
      rows = await this.#upsert(keys, adds);
    } catch (error) {
      keys.forEach((key, i) => {
        const state = this.#keys.get(key);
        if (state) state.pending += adds[i]!;
      });
      throw error;
    }
    keys.forEach((key, i) => {
      const state = this.#keys.get(key);
      const row = rows[i]!;
      if (state && state.expireAt === row.expire) state.known = Math.max(state.known, row.points);
      else if (state) Object.assign(state, { expireAt: row.expire, known: row.points });
    });
    // Forget windows that are over, so the map holds only active clients.
    const now = Date.now();
    for (const [key, state] of this.#keys)
      if (now >= state.expireAt && state.pending === 0) this.#keys.delete(key);
  }

  /**
   * Adds `adds[i]` to the row of `keys[i]` (a new window when the row's is over), as
   * RateLimiterPostgres does for one key, for all of them in one statement.
   *
   * @returns each key's row after the addition, in the order of `keys`.
   */
  async #upsert(keys: string[], adds: number[]): Promise<Array<{ points: number; expire: number }>> {
    const now = Date.now();
    const { rows } = await this.#pool.query<{ key: string; points: number; expire: string }>(
      `insert into private.rate_limits as r (key, points, expire)
       select k, n, $3::bigint from unnest($1::text[], $2::int[]) as u(k, n)
       on conflict (key) do update set
         points = case when r.expire is null or r.expire <= $4::bigint then excluded.points else r.points + excluded.points end,
         expire = case when r.expire is null or r.expire <= $4::bigint then excluded.expire else r.expire end
       returning r.key, r.points, r.expire`,
      [keys.map((k) => `${this.#prefix}:${k}`), adds, now + this.#durationMs, now],
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return keys.map((k) => {
      const row = byKey.get(`${this.#prefix}:${k}`)!;
      return { points: row.points, expire: Number(row.expire) };
    });
  }
}

/**
 * @example
 * app.use(rateLimit({ pool, keyPrefix: 'crm', points: 600, durationSeconds: 60, trustProxy: true }));
 */
export function rateLimit(options: RateLimitOptions) {
  const limiter = new SharedWindowLimiter(options);
  // While the database is unreachable: per process, as RateLimiterPostgres' insurance did.
  const insurance = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds });
  const policy = `${options.points};w=${options.durationSeconds}`;

  return createMiddleware(async function rateLimit(c, next) {
    const bucket = bucketOf(c, options.trustProxy);
    let result: RateLimitDecision;
    try {
      result = await limiter.consume(bucket);
    } catch {
      try {
        const res = await insurance.consume(bucket);
        result = { allowed: true, remaining: res.remainingPoints, msBeforeNext: res.msBeforeNext };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        result = { allowed: false, remaining: 0, msBeforeNext: error.msBeforeNext };
      }
    }
    const refused = !result.allowed;
    const reset = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    const headers = {
      'ratelimit-limit': String(options.points),
      'ratelimit-remaining': String(Math.max(0, result.remaining)),
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
