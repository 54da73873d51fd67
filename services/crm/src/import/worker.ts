/**
 * @module import/worker
 * The import job on the platform's queue (pg-boss). `POST /imports/{id}/run` records the event
 * `crm.import.queued` in the outbox, in the request's transaction (so a job exists if and only if
 * the import was queued); the CRM's outbox relay sends it to the queue `crm.imports`, which this
 * worker subscribes to the event and works one import at a time.
 *
 * Delivery is at least once: a duplicate finds the import no longer queued and does nothing, or
 * finds it running under a live owner and is retried later (ImportBusyError). A run that died
 * (process killed) is taken over once its heartbeat is 30 seconds old, and resumes after its last
 * committed batch.
 */
import type { DomainEvent } from '@comptoir/service-kit/jobs';
import type PgBoss from 'pg-boss';
import { type ImportJobDeps, type ImportJobOutcome, runImportJob } from './run.js';

/** The outbox event that queues an import. */
export const IMPORT_QUEUED_EVENT = 'crm.import.queued';
/** The pg-boss queue of imports. */
export const IMPORT_QUEUE = 'crm.imports';

/** Payload of {@link IMPORT_QUEUED_EVENT}. */
export interface ImportQueuedPayload {
  import_id: string;
  /** The member who started the import. */
  user_id: string;
}

/**
 * Handles one event (what the worker does with each job; tests call it directly).
 *
 * @throws {ImportBusyError} when another live run owns the import (the job is retried).
 */
export function handleImportEvent(
  deps: ImportJobDeps,
  event: DomainEvent<ImportQueuedPayload>,
): Promise<ImportJobOutcome> {
  return runImportJob(deps, {
    tenantId: event.tenant_id,
    importId: event.payload.import_id,
    userId: event.payload.user_id,
  });
}

/**
 * Creates the queue, subscribes it to {@link IMPORT_QUEUED_EVENT} and starts working it.
 *
 * @example
 * const background = await startBackgroundWork({ … });
 * await registerImportWorker(background.jobs.boss, { pool, logger });
 */
export async function registerImportWorker(
  boss: PgBoss,
  deps: ImportJobDeps,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await boss.createQueue(IMPORT_QUEUE, {
    name: IMPORT_QUEUE,
    retryLimit: 5,
    retryDelay: 15,
    retryBackoff: true,
    // A run of a large file takes minutes, not hours; expiry only frees a job whose process died.
    expireInSeconds: 3600,
  });
  await boss.subscribe(IMPORT_QUEUED_EVENT, IMPORT_QUEUE);
  await boss.work<DomainEvent<ImportQueuedPayload>>(
    IMPORT_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 },
    async (jobs) => {
      for (const job of jobs) await handleImportEvent(deps, job.data);
    },
  );
}
