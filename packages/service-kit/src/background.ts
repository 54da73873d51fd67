/**
 * @module background
 * The background work every service runs beside its HTTP listener: the job queue, the outbox
 * relay of its domain events, and the nightly maintenance job (purge of rows soft-deleted longer
 * than the retention, and of expired idempotency keys).
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import { createJobQueue, type JobQueue } from './jobs.js';
import { startOutboxRelay } from './outbox.js';

/** Options of {@link startBackgroundWork}. */
export interface BackgroundOptions {
  /** Service name (queue names are prefixed with it). */
  name: string;
  /** URL of the service's login role. */
  connectionString: string;
  /** Pool of the service's login role. */
  pool: pg.Pool;
  logger: Logger;
  /** Days a soft-deleted row stays restorable. */
  retentionDays: number;
  /** Cron expression of the maintenance job, UTC (default 03:17 every day). */
  maintenanceCron?: string;
}

/** Started background work; `stop()` drains it (relay first, then the queue). */
export interface BackgroundWork {
  jobs: JobQueue;
  stop(): Promise<void>;
}

/** Starts the job queue, the outbox relay and the maintenance schedule. */
export async function startBackgroundWork(options: BackgroundOptions): Promise<BackgroundWork> {
  const jobs = await createJobQueue({
    connectionString: options.connectionString,
    applicationName: `${options.name}-jobs`,
  });
  const stopRelay = startOutboxRelay(options.pool, jobs.boss, {
    onError: (err) => options.logger.error({ err }, 'outbox relay failed'),
  });
  const queue = `${options.name}.maintenance`;
  await jobs.boss.createQueue(queue);
  await jobs.boss.schedule(queue, options.maintenanceCron ?? '17 3 * * *', {}, { tz: 'UTC' });
  await jobs.boss.work(queue, async () => {
    const purged = await options.pool.query<{ n: number }>(
      'select private.purge_soft_deleted($1::interval) as n',
      [`${options.retentionDays} days`],
    );
    const keys = await options.pool.query<{ n: number }>(
      'select private.purge_expired_idempotency_keys() as n',
    );
    options.logger.info({ purged_rows: purged.rows[0]?.n, purged_keys: keys.rows[0]?.n }, 'maintenance done');
  });
  return {
    jobs,
    async stop() {
      await stopRelay();
      await jobs.stop();
    },
  };
}
