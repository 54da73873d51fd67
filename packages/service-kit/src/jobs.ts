/**
 * @module jobs
 * The platform's job queue: pg-boss on PostgreSQL (no Redis). Its schema is installed by
 * `pnpm db:migrate` and owned by role `job_queue`; each service reaches it through a small pool
 * of its own login role that switches to `job_queue` on connect.
 *
 * Domain events fan out through pg-boss subscriptions: a consumer subscribes a queue of its own
 * to an event name (`subscribeToEvent`), the outbox relay sends each event to every subscribed
 * queue in the same transaction that marks it published.
 */
import { createPool } from '@comptoir/db/pool';
import type pg from 'pg';
import PgBoss from 'pg-boss';

/** A domain event as consumers receive it. */
export interface DomainEvent<P = Record<string, unknown>> {
  /** Outbox id (monotonic per database). */
  id: number;
  type: string;
  tenant_id: string;
  aggregate_type: string;
  aggregate_id: string;
  occurred_at: string;
  payload: P;
}

/** Options of {@link createJobQueue}. */
export interface JobQueueOptions {
  /** URL of the service's login role (a member of `job_queue`). */
  connectionString: string;
  /** Run pg-boss maintenance and cron scheduling in this process (default true). */
  supervise?: boolean;
  applicationName?: string;
}

/** A started pg-boss instance and its pool. */
export interface JobQueue {
  boss: PgBoss;
  pool: pg.Pool;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the installed `pgboss` schema (no migration from here: `pnpm db:migrate`
 * owns the schema).
 *
 * @throws when the schema is missing or at another version ("pg-boss database requires migrations").
 */
export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const pool = createPool({
    connectionString: options.connectionString,
    max: 4,
    role: 'job_queue',
    applicationName: options.applicationName ?? 'comptoir-jobs',
  });
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => executeBossSql(pool, text, values) },
    schema: 'pgboss',
    migrate: false,
    supervise: options.supervise ?? true,
    schedule: options.supervise ?? true,
  });
  boss.on('error', (error: Error) => {
    console.error(JSON.stringify({ level: 'error', msg: 'job queue error', err: error.message }));
  });
  await boss.start();
  return {
    boss,
    pool,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await pool.end();
    },
  };
}

/**
 * pg-boss 10 runs `create_queue()` (which attaches a partition to `pgboss.job`) without a lock:
 * two services creating queues at the same moment on a fresh database deadlock (40P01). Each
 * such call here runs in its own transaction behind one advisory lock; `create_queue()` is a
 * no-op for an existing queue, so the second caller just finds it.
 */
async function executeBossSql(pool: pg.Pool, text: string, values?: unknown[]) {
  if (!CREATE_QUEUE_SQL.test(text)) return pool.query(text, values);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query("select pg_advisory_xact_lock(hashtext('comptoir.pgboss.create_queue'))");
    const result = await client.query(text, values);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
const CREATE_QUEUE_SQL = /^\s*select\s+\w+\.create_queue\(/i;

/**
 * Makes `queue` receive every `event` (idempotent), and works it with `handler`.
 *
 * @example
 * await subscribeToEvent(jobs.boss, 'crm.deal.won', 'billing.quote-from-deal', async (event) => { … });
 */
export async function subscribeToEvent<P = Record<string, unknown>>(
  boss: PgBoss,
  event: string,
  queue: string,
  handler: (event: DomainEvent<P>) => Promise<void>,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await boss.createQueue(queue, { name: queue, retryLimit: 5, retryBackoff: true });
  await boss.subscribe(event, queue);
  await boss.work<DomainEvent<P>>(
    queue,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async (jobs) => {
      for (const job of jobs) await handler(job.data);
    },
  );
}
