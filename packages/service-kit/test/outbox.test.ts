/**
 * Domain events: written in the request's transaction, relayed by the emitting service to every
 * pg-boss queue subscribed to the event, exactly when the transaction committed.
 */
import { randomUUID } from 'node:crypto';
import { RequestDb } from '@comptoir/db/request-db';
import { createTenant, testDb, useAdminPool, useServicePool } from '@comptoir/testing/fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { createJobQueue, type DomainEvent, subscribeToEvent } from '../src/jobs.js';
import { emitEvent, relayOutboxBatch } from '../src/outbox.js';

const admin = useAdminPool();
const crm = useServicePool('crm', 3);
const auth = useServicePool('auth', 2);
const jobs = await createJobQueue({ connectionString: testDb().serviceUrls.crm!, supervise: false });
afterAll(() => jobs.stop());

async function emitAs(tenantId: string, userId: string, type: string, outcome: 'commit' | 'rollback') {
  const rdb = new RequestDb({
    pool: crm,
    role: 'crm_authenticated',
    claims: {
      sub: userId,
      role: 'authenticated',
      app_metadata: { tenant_id: tenantId, tenant_role: 'OWNER' },
    },
    requestId: randomUUID(),
    mode: 'write',
  });
  const id = await emitEvent(rdb, 'crm', {
    type,
    aggregateType: 'contact',
    aggregateId: 'c-1',
    payload: { hello: 'world' },
  });
  await rdb.finish(outcome);
  return id;
}

async function until<T>(read: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('transactional outbox', () => {
  it('delivers a committed event to every subscribed queue, once, with its tenant', async () => {
    const t = await createTenant(admin);
    const type = `crm.probe_${randomUUID().slice(0, 8).replaceAll('-', '')}.happened`;
    const received: DomainEvent[] = [];
    const other: DomainEvent[] = [];
    await subscribeToEvent(jobs.boss, type, `test-a-${randomUUID()}`, async (e) => void received.push(e), {
      pollingIntervalSeconds: 0.5,
    });
    await subscribeToEvent(jobs.boss, type, `test-b-${randomUUID()}`, async (e) => void other.push(e), {
      pollingIntervalSeconds: 0.5,
    });
    const id = await emitAs(t.tenantId, t.userId, type, 'commit');
    while ((await relayOutboxBatch(crm, jobs.boss)) > 0) {}
    const event = await until(() => received.find((e) => e.id === id));
    expect(event).toMatchObject({
      type,
      tenant_id: t.tenantId,
      aggregate_type: 'contact',
      payload: { hello: 'world' },
    });
    await until(() => other.find((e) => e.id === id));
    const { rows } = await admin.query('select published_at from platform.outbox where id = $1', [id]);
    expect(rows[0].published_at).not.toBeNull();
  });

  it('has no event when the transaction rolled back', async () => {
    const t = await createTenant(admin);
    const type = `crm.probe_${randomUUID().slice(0, 8).replaceAll('-', '')}.rolled_back`;
    await emitAs(t.tenantId, t.userId, type, 'rollback');
    const { rows } = await admin.query(
      'select count(*)::int as n from platform.outbox where event_type = $1',
      [type],
    );
    expect(rows[0].n).toBe(0);
  });

  it('lets a service relay only its own events', async () => {
    const t = await createTenant(admin);
    const type = `crm.probe_${randomUUID().slice(0, 8).replaceAll('-', '')}.foreign`;
    const id = await emitAs(t.tenantId, t.userId, type, 'commit');
    const { rows } = await auth.query('select * from private.outbox_claim(1000)');
    expect(rows.map((r) => Number(r.id))).not.toContain(id);
  });
});

describe('job queue start-up', () => {
  it('two services creating queues at the same moment neither deadlock nor lose a queue', async () => {
    const other = await createJobQueue({ connectionString: testDb().serviceUrls.auth!, supervise: false });
    try {
      const names = Array.from({ length: 6 }, () => `race-${randomUUID()}`);
      // Both processes create every queue, interleaved: without serialisation, attaching the
      // partitions to pgboss.job deadlocks (40P01) on a fresh database.
      await Promise.all(names.flatMap((name) => [jobs.boss.createQueue(name), other.boss.createQueue(name)]));
      const { rows } = await admin.query<{ name: string }>(
        'select name from pgboss.queue where name = any($1::text[])',
        [names],
      );
      expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
    } finally {
      await other.stop();
    }
  });
});
