/**
 * @module migrate
 * Applies `supabase/migrations/*.sql` (Supabase CLI format `YYYYMMDDHHmmss_<name>.sql`) in
 * version order, one transaction per file, and records each in Supabase's own ledger
 * `supabase_migrations.schema_migrations` (version, name, statements), so the Supabase CLI and
 * this runner agree on what is applied.
 *
 * - Safe to run twice: applied versions are skipped.
 * - Safe from two replicas at once: a session advisory lock serialises runners.
 * - Refuses a file whose content changed after it was applied (migrations are forward-only).
 * - Then installs or upgrades the pg-boss job-queue schema, owned by role `job_queue`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';

/** One migration file. */
export interface MigrationFile {
  /** 14-digit timestamp, e.g. '20261121090000'. */
  version: string;
  /** Rest of the file name without extension, e.g. 'platform_roles_and_helpers'. */
  name: string;
  sql: string;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  applied: string[];
  skipped: string[];
  jobQueueSchemaVersion: number;
}

/** Raised when an applied migration's file was edited afterwards. */
export class ChangedMigrationError extends Error {
  constructor(readonly version: string) {
    super(
      `migration ${version} was changed after it was applied; migrations are forward-only: ` +
        'revert the edit and add a new migration instead',
    );
  }
}

const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;
const LOCK_KEY = 'comptoir:migrate';
export const JOB_QUEUE_SCHEMA = 'pgboss';

/**
 * Reads the migration files of a directory, sorted by version.
 *
 * @throws {Error} on a file name that does not follow `YYYYMMDDHHmmss_<name>.sql`, or a duplicate version.
 */
export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const seen = new Set<string>();
  return files
    .map((file) => {
      const m = FILE_PATTERN.exec(file);
      if (!m) throw new Error(`migration file name must be YYYYMMDDHHmmss_<name>.sql: ${file}`);
      if (seen.has(m[1]!)) throw new Error(`two migrations share version ${m[1]}`);
      seen.add(m[1]!);
      return { version: m[1]!, name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version.localeCompare(b.version));
}

/** Whitespace- and semicolon-insensitive form, to compare with statements split by the Supabase CLI. */
const normalise = (sql: string) => sql.replace(/[\s;]+/g, '');

/**
 * Applies pending migrations with the given superuser/owner connection string.
 *
 * @param adminUrl postgres:// URL of a role that may create schemas and roles (`postgres`).
 * @param dir directory of migration files.
 * @throws {ChangedMigrationError} when an applied file changed; the database is left untouched.
 * @throws the SQL error of a failing file; that file's transaction is rolled back.
 */
export async function migrate(adminUrl: string, dir: string): Promise<MigrateResult> {
  const files = readMigrations(dir);
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'comptoir-migrate' });
  await client.connect();
  const applied: string[] = [];
  const skipped: string[] = [];
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [LOCK_KEY]);
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
      alter table supabase_migrations.schema_migrations add column if not exists statements text[];
      alter table supabase_migrations.schema_migrations add column if not exists name text;
    `);
    const { rows } = await client.query<{ version: string; statements: string[] | null }>(
      'select version, statements from supabase_migrations.schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.version, r.statements ?? []]));
    for (const file of files) {
      const statements = done.get(file.version);
      if (statements === undefined) continue;
      const same =
        statements.length === 1
          ? statements[0] === file.sql
          : normalise(statements.join(';')) === normalise(file.sql);
      if (!same) throw new ChangedMigrationError(file.version);
    }
    for (const file of files) {
      if (done.has(file.version)) {
        skipped.push(file.version);
        continue;
      }
      await client.query('begin');
      try {
        await client.query(file.sql);
        await client.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [file.version, file.name, [file.sql]],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        const e = error as Error;
        e.message = `migration ${file.version}_${file.name} failed: ${e.message}`;
        throw e;
      }
      applied.push(file.version);
    }
    const jobQueueSchemaVersion = await installJobQueue(client);
    return { applied, skipped, jobQueueSchemaVersion };
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

/**
 * Installs or upgrades pg-boss' schema with pg-boss' own plans, then hands every object of the
 * schema to `job_queue` (creating a queue attaches a partition to pgboss.job, which needs
 * ownership). Returns the schema version.
 */
async function installJobQueue(client: pg.Client): Promise<number> {
  const schema = JOB_QUEUE_SCHEMA;
  const exists = await client.query(`select to_regclass($1) as t`, [`${schema}.version`]);
  if (!exists.rows[0].t) {
    await client.query(PgBoss.getConstructionPlans(schema));
  } else {
    const current = Number((await client.query(`select version from ${schema}.version`)).rows[0].version);
    const target = Number(createRequire(import.meta.url)('pg-boss/version.json').schema);
    if (current < target) await client.query(PgBoss.getMigrationPlans(schema, String(current)));
  }
  await client.query(`
    do $$
    declare r record;
    begin
      for r in select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = '${schema}' and c.relkind in ('r', 'p', 'S', 'v')
                 and pg_get_userbyid(c.relowner) <> 'job_queue'
      loop
        execute format('alter table %I.%I owner to job_queue', '${schema}', r.relname);
      end loop;
      for r in select p.oid::regprocedure as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where n.nspname = '${schema}' and pg_get_userbyid(p.proowner) <> 'job_queue'
      loop
        execute format('alter function %s owner to job_queue', r.sig);
      end loop;
      for r in select t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
               where n.nspname = '${schema}' and t.typtype = 'e' and pg_get_userbyid(t.typowner) <> 'job_queue'
      loop
        execute format('alter type %I.%I owner to job_queue', '${schema}', r.typname);
      end loop;
    end
    $$;
  `);
  return Number((await client.query(`select version from ${schema}.version`)).rows[0].version);
}
