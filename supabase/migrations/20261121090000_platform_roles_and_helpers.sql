-- Platform foundation, part 1: Supabase roles, auth.* shims, private helpers.
--
-- Applies on a bare PostgreSQL 15+ (embedded, CI) and on a real Supabase project.
-- Supabase already owns the anon/authenticated/service_role roles and the auth.uid()/auth.jwt()
-- functions: they are created here only where absent, never redefined.
--
-- Service roles (see private.ensure_service_roles below): every API connects as its own login
-- role `<service>_api` (LOGIN NOINHERIT, like PostgREST's `authenticator`: it holds no table
-- privilege of its own). Per request it switches, in the same round trip that sets
-- `request.jwt.claims`, to `<service>_authenticated`: a member of `authenticated`, so every RLS
-- policy written `to authenticated` applies to it, and the only role holding grants on that
-- service's schema. A service therefore cannot read another service's schema even after the
-- role switch: "each API owns its schema" is enforced by grants.

-- Supabase API roles, created only on a bare PostgreSQL ---------------------------------------
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

-- auth.uid() / auth.jwt() / auth.role(), with Supabase's own definitions, only where absent ----
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

do $$
begin
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'jwt'
  ) then
    create function auth.jwt() returns jsonb
    language sql stable
    as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $f$;
    grant execute on function auth.jwt() to anon, authenticated, service_role;
  end if;

  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'uid'
  ) then
    create function auth.uid() returns uuid
    language sql stable
    as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $f$;
    grant execute on function auth.uid() to anon, authenticated, service_role;
  end if;

  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'role'
  ) then
    create function auth.role() returns text
    language sql stable
    as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $f$;
    grant execute on function auth.role() to anon, authenticated, service_role;
  end if;
end
$$;

-- private: helpers never exposed through an API -----------------------------------------------
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- The tenant of the current request, from the verified JWT claims
-- (`app_metadata.tenant_id`, set only by the auth service). Null outside a request, which makes
-- every tenant policy deny. Wrap it as `(select private.current_tenant_id())` in policies so the
-- planner evaluates it once per statement, not once per row.
create or replace function private.current_tenant_id() returns uuid
language sql stable
set search_path = ''
as $$
  select nullif((select auth.jwt()) -> 'app_metadata' ->> 'tenant_id', '')::uuid
$$;
revoke all on function private.current_tenant_id() from public;
grant execute on function private.current_tenant_id() to authenticated, service_role;

-- Keeps `updated_at` true whatever the client sends.
create or replace function private.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
revoke all on function private.touch_updated_at() from public;

-- Registry of the services and their roles; filled by private.ensure_service_roles().
create table private.services (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{1,30}$'),
  schema_name text not null unique,
  login_role text not null unique,
  request_role text not null unique
);
alter table private.services enable row level security;
alter table private.services force row level security;
comment on table private.services is
  'Each API and the schema it owns; read by migrations and maintenance functions only.';

-- Creates (idempotently) the roles of one service that owns one schema:
--   <service>_api            LOGIN NOINHERIT: the connection role, no privilege of its own
--                            (its password is set by the deployment, never in a migration);
--   <service>_authenticated  NOLOGIN, member of `authenticated`: the per-request role that
--                            holds the grants on the service's schema.
-- The schema itself is created by the caller's migration.
create or replace function private.ensure_service_roles(p_service text, p_schema text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_login text := p_service || '_api';
  v_request text := p_service || '_authenticated';
begin
  if not exists (select 1 from pg_roles where rolname = v_login) then
    execute format('create role %I login noinherit', v_login);
  end if;
  if not exists (select 1 from pg_roles where rolname = v_request) then
    execute format('create role %I nologin inherit', v_request);
  end if;
  execute format('grant authenticated to %I', v_request);
  execute format('grant %I to %I', v_request, v_login);
  insert into private.services (name, schema_name, login_role, request_role)
  values (p_service, p_schema, v_login, v_request)
  on conflict (name) do update
    set schema_name = excluded.schema_name,
        login_role = excluded.login_role,
        request_role = excluded.request_role;
end
$$;
revoke all on function private.ensure_service_roles(text, text) from public;

-- Shared, replica-independent rate-limit counters (fixed windows), used by every API before
-- authentication. UNLOGGED: counters need no crash safety and must not cost a WAL flush per
-- request. The row layout is the one rate-limiter-flexible's RateLimiterPostgres expects.
create unlogged table private.rate_limits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
comment on table private.rate_limits is
  'Rate-limit counters keyed by client (IP, user or API key); no tenant data. Granted to login roles only.';
