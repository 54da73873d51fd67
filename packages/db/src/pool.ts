/**
 * @module pool
 * node-postgres pools for the services.
 *
 * node-postgres was chosen over postgres.js because it held steady under overload on this
 * platform's benchmark, where postgres.js' internal queue slowed down over time.
 */
import pg from 'pg';

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** postgres:// URL of the service's own login role. */
  connectionString: string;
  /** Maximum connections of this process (default 10). */
  max?: number;
  /** Shown in pg_stat_activity (default 'comptoir'). */
  applicationName?: string;
  /** Per-statement limit in milliseconds (default 15 000); a runaway query cannot hold a request. */
  statementTimeoutMs?: number;
  /** Role to switch to on every new connection (e.g. `job_queue` for pg-boss). */
  role?: string;
}

// int8 (count(*), bigint identity) as JS number when it fits, never as a lossy float.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

// date (a calendar day, no time zone) as its 'YYYY-MM-DD' text: node-postgres would otherwise
// make a JS Date at local midnight, which shifts the day when printed in UTC.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/**
 * Creates a pool; errors of idle clients are logged instead of crashing the process.
 *
 * @example
 * const pool = createPool({ connectionString: env.DATABASE_URL, applicationName: 'crm-api' });
 */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'comptoir',
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    idle_in_transaction_session_timeout: 60_000,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.role ? { options: `-c role=${options.role}` } : {}),
  });
  pool.on('error', (error) => {
    // An idle client lost its connection (server restart, network): the pool replaces it.
    console.error(JSON.stringify({ level: 'error', msg: 'idle database client error', err: error.message }));
  });
  return pool;
}

/** Replaces user and password of a postgres URL, e.g. to derive a service login's URL. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}
