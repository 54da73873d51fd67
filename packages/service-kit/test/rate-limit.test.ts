/**
 * The write-behind rate limiter against a real `private.rate_limits`: exact on one process,
 * counted in memory far from the limit and added to the row by one batched upsert, never above
 * the limit with two replicas on one key, and sharing rows with RateLimiterPostgres' layout.
 */
import { randomUUID } from 'node:crypto';
import { useAdminPool, useServicePool } from '@comptoir/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { SharedWindowLimiter } from '../src/rate-limit.js';

const admin = useAdminPool();
const pool = useServicePool('crm', 2);

const rowOf = async (prefix: string, key: string) => {
  const { rows } = await admin.query<{ points: number; expire: string }>(
    'select points, expire from private.rate_limits where key = $1',
    [`${prefix}:${key}`],
  );
  return rows[0];
};

describe('SharedWindowLimiter', () => {
  it('admits exactly `points` requests in a window on one process, counting down', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const limiter = new SharedWindowLimiter({ pool, keyPrefix: prefix, points: 10, durationSeconds: 60 });
    const decisions = [];
    for (let i = 0; i < 13; i++) decisions.push(await limiter.consume('client'));
    expect(decisions.map((d) => d.allowed)).toEqual([...Array(10).fill(true), false, false, false]);
    expect(decisions.slice(0, 10).map((d) => d.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions[12]!.msBeforeNext).toBeGreaterThan(55_000);
    await limiter.flush();
    expect((await rowOf(prefix, 'client'))?.points).toBe(13);
  });

  it('counts far from the limit in memory, then adds it to the row in one write', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const limiter = new SharedWindowLimiter({
      pool,
      keyPrefix: prefix,
      points: 1000,
      durationSeconds: 60,
      flushMs: 60_000, // only the explicit flush below writes
    });
    for (let i = 0; i < 50; i++) expect((await limiter.consume(`k${i % 5}`)).allowed).toBe(true);
    // The first request of each key read its window from the row; the other 45 wait in memory.
    for (let k = 0; k < 5; k++) expect((await rowOf(prefix, `k${k}`))?.points).toBe(1);
    await limiter.flush();
    for (let k = 0; k < 5; k++) expect((await rowOf(prefix, `k${k}`))?.points).toBe(10);
  });

  it('never admits more than `points` with two replicas on one key', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const options = { pool, keyPrefix: prefix, points: 20, durationSeconds: 60, flushMs: 60_000 };
    const replicas = [new SharedWindowLimiter(options), new SharedWindowLimiter(options)];
    let allowed = 0;
    for (let i = 0; i < 60; i++) if ((await replicas[i % 2]!.consume('client')).allowed) allowed++;
    expect(allowed).toBe(20);
    await Promise.all(replicas.map((r) => r.flush()));
    expect((await rowOf(prefix, 'client'))?.points).toBe(60);
  });

  it('starts a new window when the row’s is over', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    // A row left by an earlier window (RateLimiterPostgres' layout: points used, expire in ms).
    await admin.query('insert into private.rate_limits (key, points, expire) values ($1, 99, $2)', [
      `${prefix}:client`,
      Date.now() - 1000,
    ]);
    const limiter = new SharedWindowLimiter({ pool, keyPrefix: prefix, points: 5, durationSeconds: 60 });
    const first = await limiter.consume('client');
    expect(first).toMatchObject({ allowed: true, remaining: 4 });
    const row = await rowOf(prefix, 'client');
    expect(row?.points).toBe(1);
    expect(Number(row?.expire)).toBeGreaterThan(Date.now() + 55_000);
  });
});
