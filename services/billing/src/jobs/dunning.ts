/**
 * @module jobs/dunning
 * The hourly dunning job of the Postgres-backed queue (pg-boss cron, UTC). It asks the database
 * which tenants have an overdue, undisputed invoice (`private.billing_tenants_to_dun()`, ids only)
 * and runs `runDunning` for each in its own transaction as that tenant (RLS applies). One tenant
 * failing does not stop the others; the failure is logged and retried at the next run.
 */
import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/billing';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { runDunning } from '../db/dunning.js';

/** Queue of the dunning job. */
export const DUNNING_QUEUE = 'billing.dunning';

/** Runs dunning for every tenant that may need it; returns how many tenants were visited. */
export async function runDunningForAllTenants(deps: { pool: pg.Pool; logger: Logger }): Promise<number> {
  const { rows } = await deps.pool.query<{ tenant_id: string }>(
    'select private.billing_tenants_to_dun() as tenant_id',
  );
  for (const { tenant_id } of rows) {
    const rdb = new RequestDb<DB>({
      pool: deps.pool,
      role: 'billing_authenticated',
      claims: { role: 'authenticated', app_metadata: { tenant_id } },
      requestId: `dunning:${tenant_id}`,
      mode: 'write',
    });
    try {
      const result = await runDunning(rdb.db);
      await rdb.finish('commit');
      if (result.steps_sent + result.steps_skipped + result.without_email > 0) {
        deps.logger.info({ tenant_id, ...result }, 'dunning run');
      }
    } catch (err) {
      await rdb.finish('rollback');
      deps.logger.error({ err, tenant_id }, 'dunning run failed');
    }
  }
  return rows.length;
}

/** Schedules the job every hour (minute 7) and works it. */
export async function registerDunningJob(
  boss: PgBoss,
  deps: { pool: pg.Pool; logger: Logger },
): Promise<void> {
  await boss.createQueue(DUNNING_QUEUE);
  await boss.schedule(DUNNING_QUEUE, '7 * * * *', {}, { tz: 'UTC' });
  await boss.work(DUNNING_QUEUE, async () => {
    await runDunningForAllTenants(deps);
  });
}
