/**
 * @module jobs/tenant-jobs
 * The billing jobs that visit tenants, on the Postgres-backed queue (pg-boss cron, UTC): dunning
 * and recurring invoices, every hour. Each asks the database which tenants have work (a security
 * definer function returning tenant ids only) and runs the work for each in its own transaction
 * as that tenant (RLS applies). One tenant failing does not stop the others; the failure is logged
 * and retried at the next run.
 */
import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/billing';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { runDunning } from '../db/dunning.js';
import { runRecurring } from '../db/recurring.js';

interface TenantJob {
  queue: string;
  /** pg-boss cron expression, UTC. */
  cron: string;
  /** `select <fn>() as tenant_id` lists the tenants with work. */
  tenantsFunction: string;
  run: (db: Kysely<DB>) => Promise<Record<string, number>>;
}

/** The jobs, by queue name. */
export const TENANT_JOBS = {
  dunning: {
    queue: 'billing.dunning',
    cron: '7 * * * *',
    tenantsFunction: 'private.billing_tenants_to_dun',
    run: (db) => runDunning(db) as unknown as Promise<Record<string, number>>,
  },
  recurring: {
    queue: 'billing.recurring-invoices',
    cron: '2 * * * *',
    tenantsFunction: 'private.billing_tenants_with_recurring_due',
    run: (db) => runRecurring(db) as unknown as Promise<Record<string, number>>,
  },
} as const satisfies Record<string, TenantJob>;

/** Runs a job for every tenant that has work; returns how many tenants were visited. */
export async function runForTenants(
  job: TenantJob,
  deps: { pool: pg.Pool; logger: Logger },
): Promise<number> {
  const { rows } = await deps.pool.query<{ tenant_id: string }>(
    `select ${job.tenantsFunction}() as tenant_id`,
  );
  for (const { tenant_id } of rows) {
    const rdb = new RequestDb<DB>({
      pool: deps.pool,
      role: 'billing_authenticated',
      claims: { role: 'authenticated', app_metadata: { tenant_id } },
      requestId: `${job.queue}:${tenant_id}`,
      mode: 'write',
    });
    try {
      const result = await job.run(rdb.db);
      await rdb.finish('commit');
      if (Object.values(result).some((n) => n > 0))
        deps.logger.info({ job: job.queue, tenant_id, ...result }, 'job run');
    } catch (err) {
      await rdb.finish('rollback');
      deps.logger.error({ err, job: job.queue, tenant_id }, 'job run failed');
    }
  }
  return rows.length;
}

/** Schedules every tenant job and works it. */
export async function registerTenantJobs(
  boss: PgBoss,
  deps: { pool: pg.Pool; logger: Logger },
): Promise<void> {
  for (const job of Object.values(TENANT_JOBS)) {
    await boss.createQueue(job.queue);
    await boss.schedule(job.queue, job.cron, {}, { tz: 'UTC' });
    await boss.work(job.queue, async () => {
      await runForTenants(job, deps);
    });
  }
}
