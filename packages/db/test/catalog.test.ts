/**
 * The catalog test: tenant isolation is enforced by the database itself, for every table of every
 * service's schema, and each service's roles are confined to their own schema.
 */
import { useAdminPool, useServicePool } from '@comptoir/testing/fixtures';
import { describe, expect, it } from 'vitest';

const admin = useAdminPool();
const crm = useServicePool('crm', 1);
const auth = useServicePool('auth', 1);

/**
 * Tables of a tenant schema without a `tenant_id` column, and why. Each must still have RLS
 * enabled and forced (checked below); none is reachable by a vertical's request role.
 */
const NON_TENANT_TABLES: Record<string, string> = {
  'platform.tenants': 'the tenant itself: its id is the tenant id (policies compare id)',
  'platform.users': 'global identities; a user may belong to several tenants',
  'platform.sessions': "a user's sign-ins; scoped by user_id",
  'platform.refresh_tokens': 'belongs to a session; auth service only',
  'platform.one_time_tokens': 'password reset and e-mail verification; auth service only',
  'platform.mfa_factors': "a user's second factor; scoped by user_id",
  'platform.mfa_recovery_codes': "a user's recovery codes; auth service only",
  'billing.stripe_events': 'ids of Stripe events already handled (replay protection); billing_webhook only',
};

const COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

interface TableRow {
  schema: string;
  table: string;
  rls: boolean;
  forced: boolean;
  owner: string;
  has_tenant_id: boolean;
  tenant_id_not_null: boolean | null;
}

async function tenantSchemas(): Promise<string[]> {
  const { rows } = await admin.query<{ schema_name: string }>(
    'select schema_name from private.services order by 1',
  );
  return rows.map((r) => r.schema_name);
}

async function tables(): Promise<TableRow[]> {
  const { rows } = await admin.query<TableRow>(
    `select n.nspname as schema, c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
            pg_get_userbyid(c.relowner) as owner,
            a.attname is not null as has_tenant_id, a.attnotnull as tenant_id_not_null
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where c.relkind in ('r', 'p') and n.nspname = any ($1)
     order by 1, 2`,
    [await tenantSchemas()],
  );
  return rows;
}

describe('row level security catalog', () => {
  it('covers every service schema (platform and each vertical)', async () => {
    const schemas = await tenantSchemas();
    expect(schemas).toEqual(expect.arrayContaining(['platform', 'crm', 'billing']));
    expect((await tables()).length).toBeGreaterThan(10);
  });

  it('has RLS enabled and forced on every table of every tenant schema', async () => {
    const offenders = (await tables())
      .filter((t) => !t.rls || !t.forced)
      .map((t) => `${t.schema}.${t.table}`);
    expect(offenders).toEqual([]);
  });

  it('gives every table a not-null tenant_id, unless it is a documented identity table', async () => {
    const rows = await tables();
    const missing = rows
      .filter((t) => !t.has_tenant_id && !NON_TENANT_TABLES[`${t.schema}.${t.table}`])
      .map((t) => `${t.schema}.${t.table}`);
    expect(missing).toEqual([]);
    const nullable = rows
      .filter(
        (t) => t.has_tenant_id && !t.tenant_id_not_null && `${t.schema}.${t.table}` !== 'platform.emails',
      )
      .map((t) => `${t.schema}.${t.table}`);
    // platform.emails: user e-mails (password reset) belong to no tenant; its policies never match null.
    expect(nullable).toEqual([]);
  });

  it('guards every granted command of a tenant table with a tenant policy for authenticated', async () => {
    const problems: string[] = [];
    for (const t of (await tables()).filter((x) => x.has_tenant_id)) {
      const qualified = `${t.schema}.${t.table}`;
      const { rows: policies } = await admin.query<{
        cmd: string;
        roles: string[];
        using: string | null;
        check: string | null;
      }>(
        `select case pol.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                                when 'd' then 'DELETE' else 'ALL' end as cmd,
                array(select rolname from pg_roles where oid = any (pol.polroles))::text[] as roles,
                pg_get_expr(pol.polqual, pol.polrelid) as using,
                pg_get_expr(pol.polwithcheck, pol.polrelid) as check
         from pg_policy pol where pol.polrelid = $1::regclass`,
        [qualified],
      );
      for (const command of COMMANDS) {
        const guarded = policies.some(
          (p) =>
            (p.cmd === command || p.cmd === 'ALL') &&
            p.roles.includes('authenticated') &&
            `${p.using ?? ''} ${p.check ?? ''}`.includes('current_tenant_id()'),
        );
        if (guarded) continue;
        // No tenant policy for this command: then no role but the owner may run it at all.
        const { rows: grantees } = await admin.query<{ grantee: string }>(
          `select distinct grantee from information_schema.role_table_grants
           where table_schema = $1 and table_name = $2 and privilege_type = $3 and grantee <> $4`,
          [t.schema, t.table, command, t.owner],
        );
        const holders = grantees
          .map((g) => g.grantee)
          .filter((g) => g !== 'auth_admin' && g !== 'billing_webhook');
        if (holders.length > 0)
          problems.push(`${qualified}: ${command} granted to ${holders.join(', ')} without a tenant policy`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has an index leading with tenant_id on every tenant table', async () => {
    const { rows } = await admin.query<{ name: string }>(
      `select n.nspname || '.' || c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname = any ($1)
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
         and not exists (
           select 1 from pg_index i
           where i.indrelid = c.oid
             and (select attname from pg_attribute where attrelid = c.oid and attnum = i.indkey[0]) = 'tenant_id'
         )`,
      [await tenantSchemas()],
    );
    expect(rows.map((r) => r.name)).toEqual([]);
  });

  it('sets search_path on every security definer function', async () => {
    const { rows } = await admin.query<{ name: string }>(
      `select n.nspname || '.' || p.proname as name
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where p.prosecdef and n.nspname in ('private', 'platform', 'crm', 'billing')
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`,
    );
    expect(rows).toEqual([]);
  });
});

describe('service roles', () => {
  it('log in without privileges of their own and switch to a role that inherits authenticated', async () => {
    const { rows } = await admin.query<{
      name: string;
      login: string;
      request: string;
      inherit: boolean;
      member: boolean;
    }>(
      `select s.name, s.login_role as login, s.request_role as request,
              (select rolinherit from pg_roles where rolname = s.login_role) as inherit,
              pg_has_role(s.request_role, 'authenticated', 'USAGE') as member
       from private.services s`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.inherit, `${r.login} must be NOINHERIT`).toBe(false);
      expect(r.member, `${r.request} must inherit authenticated`).toBe(true);
    }
  });

  it('are denied the schemas of other services', async () => {
    const { rows: services } = await admin.query<{
      name: string;
      schema_name: string;
      login_role: string;
      request_role: string;
    }>('select * from private.services');
    const leaks: string[] = [];
    for (const s of services) {
      for (const other of services.filter(
        (o) => o.schema_name !== s.schema_name && o.schema_name !== 'platform',
      )) {
        for (const role of [s.login_role, s.request_role]) {
          const { rows } = await admin.query<{ usage: boolean; tables: string[] }>(
            `select has_schema_privilege($1, $2, 'USAGE') as usage,
                    array(select schemaname || '.' || tablename from pg_tables
                          where schemaname = $2
                            and (has_table_privilege($1, schemaname || '.' || tablename, 'SELECT')
                              or has_table_privilege($1, schemaname || '.' || tablename, 'INSERT')
                              or has_table_privilege($1, schemaname || '.' || tablename, 'UPDATE')
                              or has_table_privilege($1, schemaname || '.' || tablename, 'DELETE'))) as tables`,
            [role, other.schema_name],
          );
          if (rows[0]!.usage) leaks.push(`${role} has USAGE on schema ${other.schema_name}`);
          if (rows[0]!.tables.length) leaks.push(`${role} can touch ${rows[0]!.tables.join(', ')}`);
        }
      }
      // Of platform, a vertical's request role reads only what it needs: never credentials.
      if (s.name !== 'auth') {
        for (const table of [
          'platform.sessions',
          'platform.refresh_tokens',
          'platform.api_keys',
          'platform.mfa_factors',
          'platform.one_time_tokens',
          'platform.invitations',
        ]) {
          const { rows } = await admin.query<{ ok: boolean }>(
            `select has_table_privilege($1, $2, 'SELECT') as ok`,
            [s.request_role, table],
          );
          if (rows[0]!.ok) leaks.push(`${s.request_role} can read ${table}`);
        }
        const { rows } = await admin.query<{ ok: boolean }>(
          `select has_column_privilege($1, 'platform.users', 'password_hash', 'SELECT') as ok`,
          [s.request_role],
        );
        if (rows[0]!.ok) leaks.push(`${s.request_role} can read password hashes`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('refuses, on a live connection, a vertical reading platform credentials or another schema', async () => {
    const client = await crm.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('role', 'crm_authenticated', true)");
      await expect(client.query('select * from platform.sessions')).rejects.toMatchObject({ code: '42501' });
      await client.query('rollback');
      await client.query('begin');
      await client.query("select set_config('role', 'crm_authenticated', true)");
      await expect(client.query('select password_hash from platform.users')).rejects.toMatchObject({
        code: '42501',
      });
      await client.query('rollback');
      // Without switching, the login role itself can read nothing.
      await expect(client.query('select * from crm.contacts')).rejects.toMatchObject({ code: '42501' });
      // And it cannot become another service's role.
      await expect(
        client.query("select set_config('role', 'auth_authenticated', false)"),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      client.release(true);
    }
  });

  it('refuses the auth service the CRM schema', async () => {
    const client = await auth.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('role', 'auth_admin', true)");
      await expect(client.query('select * from crm.contacts')).rejects.toMatchObject({ code: '42501' });
      await client.query('rollback');
    } finally {
      client.release(true);
    }
  });
});
