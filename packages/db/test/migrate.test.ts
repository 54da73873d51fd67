/**
 * Migration runner: safe to re-run and to run from two replicas at once, refuses edited history,
 * and rolls back a failing file on its own. Each test works in a database of its own.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDb, useAdminPool } from '@comptoir/testing/fixtures';
import { MIGRATIONS_DIR } from '@comptoir/testing/global-setup';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ChangedMigrationError, migrate, readMigrations } from '../src/migrate.js';

const admin = useAdminPool();

/** A fresh, empty database on the test cluster; returns its superuser URL. */
async function freshDatabase(): Promise<string> {
  const name = `migrate_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await admin.query(`create database ${name}`);
  const url = new URL(testDb().adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function appliedVersions(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select version from supabase_migrations.schema_migrations order by 1',
    );
    return rows.map((r) => r.version);
  } finally {
    await client.end();
  }
}

/** A copy of the migrations folder to edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  for (const file of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  return dir;
}

const allVersions = readMigrations(MIGRATIONS_DIR).map((m) => m.version);

describe('migrate', () => {
  it('applies every file once and does nothing the second time', async () => {
    const url = await freshDatabase();
    const first = await migrate(url, MIGRATIONS_DIR);
    expect(first.applied).toEqual(allVersions);
    expect(first.jobQueueSchemaVersion).toBeGreaterThan(0);
    const second = await migrate(url, MIGRATIONS_DIR);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(allVersions);
    expect(await appliedVersions(url)).toEqual(allVersions);
  });

  it('is safe from two replicas at once (advisory lock)', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([migrate(url, MIGRATIONS_DIR), migrate(url, MIGRATIONS_DIR)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(allVersions);
    expect(await appliedVersions(url)).toEqual(allVersions);
  });

  it('refuses a migration edited after it was applied, and applies nothing', async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    await migrate(url, dir);
    const files = readdirSync(dir).sort();
    const last = files[files.length - 1]!;
    writeFileSync(join(dir, last), `-- edited\n${readMigrations(dir).at(-1)!.sql}`);
    writeFileSync(join(dir, '29990101000000_platform_later.sql'), 'create table platform.later (id int);');
    await expect(migrate(url, dir)).rejects.toBeInstanceOf(ChangedMigrationError);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select to_regclass('platform.later') as t");
    await client.end();
    expect(rows[0].t).toBeNull();
  });

  it('rolls back a failing file alone and keeps the ones before it', async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    writeFileSync(
      join(dir, '29990101000000_platform_broken.sql'),
      'create table platform.half (id int);\nselect 1 / 0;',
    );
    await expect(migrate(url, dir)).rejects.toThrow(
      /29990101000000_platform_broken failed: division by zero/,
    );
    expect(await appliedVersions(url)).toEqual(allVersions);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select to_regclass('platform.half') as t");
    await client.end();
    expect(rows[0].t).toBeNull();
  });

  it('rejects file names outside the Supabase CLI format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '001_init.sql'), 'select 1;');
    expect(() => readMigrations(dir)).toThrow(/YYYYMMDDHHmmss_<name>\.sql/);
  });
});
