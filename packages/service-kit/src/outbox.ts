/**
 * @module outbox
 * Transactional outbox. A handler records a domain event with {@link emitEvent} in the same
 * transaction as the change it describes, so an event exists if and only if the change
 * committed. The relay ({@link startOutboxRelay}) then moves unpublished events of its service
 * to the job queue: in one transaction it claims a batch (`FOR UPDATE SKIP LOCKED`, so replicas
 * share the work), sends each event to every pg-boss queue subscribed to its type, and marks the
 * batch published. A crash before commit leaves the events to the next round: delivery is
 * at least once, and consumers key their work on the event id.
 */
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { DomainEvent } from './jobs.js';

/** A request's database handle, as far as emitting needs it. */
interface Queryable {
  query(sql: string, parameters?: readonly unknown[]): Promise<pg.QueryResult>;
}

/** An event to record. */
export interface NewDomainEvent {
  /** Dotted name `<vertical>.<aggregate>.<fact>`, e.g. 'crm.deal.won'. */
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Records an event in the current request's transaction (tenant from the claims).
 *
 * @param source the emitting service (its relay publishes the event).
 * @returns the outbox id.
 */
export async function emitEvent(db: Queryable, source: string, event: NewDomainEvent): Promise<number> {
  const { rows } = await db.query(
    `insert into platform.outbox (source, event_type, aggregate_type, aggregate_id, payload)
     values ($1, $2, $3, $4, $5) returning id`,
    [source, event.type, event.aggregateType, event.aggregateId, JSON.stringify(event.payload)],
  );
  return Number(rows[0].id);
}

interface OutboxRow {
  id: number;
  tenant_id: string;
  event_type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Publishes one batch; returns how many events it moved.
 *
 * @param pool the service's login-role pool (its role is a member of `job_queue`).
 */
export async function relayOutboxBatch(pool: pg.Pool, boss: PgBoss, batchSize = 100): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<OutboxRow>('select * from private.outbox_claim($1)', [batchSize]);
    if (rows.length === 0) {
      await client.query('commit');
      return 0;
    }
    await client.query('set local role job_queue');
    const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
    const subscriptions = new Map<string, string[]>();
    for (const row of rows) {
      let queues = subscriptions.get(row.event_type);
      if (!queues) {
        const result = await client.query<{ name: string }>(
          'select name from pgboss.subscription where event = $1',
          [row.event_type],
        );
        queues = result.rows.map((r) => r.name);
        subscriptions.set(row.event_type, queues);
      }
      const event: DomainEvent = {
        id: Number(row.id),
        type: row.event_type,
        tenant_id: row.tenant_id,
        aggregate_type: row.aggregate_type,
        aggregate_id: row.aggregate_id,
        occurred_at: row.occurred_at.toISOString(),
        payload: row.payload,
      };
      for (const queue of queues) {
        await boss.send(queue, event as unknown as object, { db });
      }
    }
    await client.query('reset role');
    await client.query('select private.outbox_mark_published($1)', [rows.map((r) => r.id)]);
    await client.query('commit');
    return rows.length;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Polls the outbox every `intervalMs` (drains fully on each tick). Returns a stop function.
 *
 * @param onError receives relay failures; the relay keeps going.
 */
export function startOutboxRelay(
  pool: pg.Pool,
  boss: PgBoss,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      while (!stopped && (await relayOutboxBatch(pool, boss)) > 0) {}
    } catch (error) {
      options.onError?.(error);
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, options.intervalMs ?? 500);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
