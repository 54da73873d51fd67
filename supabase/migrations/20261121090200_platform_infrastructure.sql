-- Platform foundation, part 3: what every service shares — audit log, idempotency keys,
-- transactional outbox, job-queue role, soft-delete purge — and the grants a service needs.

-- Audit log: one row per create/update/delete/restore of an audited table, written by trigger
-- (private.record_audit) in the same transaction as the change, so it cannot be forgotten.
create table platform.audit_log (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  occurred_at timestamptz not null default now(),
  -- The user behind the request (also for API keys: the key's owner); null for system jobs.
  actor_id uuid,
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  api_key_id uuid,
  action text not null check (length(action) between 1 and 50),
  -- Schema-qualified table name, e.g. 'crm.contacts'.
  entity_type text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_log_tenant_id_occurred_at_idx on platform.audit_log (tenant_id, occurred_at desc, id desc);
create index audit_log_tenant_id_entity_idx on platform.audit_log (tenant_id, entity_type, entity_id);

-- Idempotency keys (draft-ietf-httpapi-idempotency-key-header): the first response to a
-- POST/PATCH carrying `Idempotency-Key` is stored with a hash of the request; a retry with the
-- same key and request gets the stored response, with another request a 422.
create table platform.idempotency_keys (
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  actor_id uuid not null,
  key text not null check (length(key) between 1 and 255),
  request_method text not null,
  request_path text not null,
  -- SHA-256 (hex) of method, path and body bytes.
  request_hash text not null,
  response_status integer,
  response_headers jsonb,
  response_body text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '24 hours',
  primary key (tenant_id, actor_id, key)
);
create index idempotency_keys_expires_at_idx on platform.idempotency_keys (expires_at);

-- Transactional outbox: domain events written in the same transaction as the change; a relay
-- moves them to the job queue (pg-boss), where other verticals subscribe.
create table platform.outbox (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  -- The service that emitted the event (its relay publishes it).
  source text not null,
  -- Dotted event name, e.g. 'crm.deal.won'.
  event_type text not null check (event_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  aggregate_type text not null,
  aggregate_id text not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_tenant_id_occurred_at_idx on platform.outbox (tenant_id, occurred_at desc);
create index outbox_unpublished_idx on platform.outbox (source, id) where published_at is null;

alter table platform.audit_log enable row level security;
alter table platform.audit_log force row level security;
alter table platform.idempotency_keys enable row level security;
alter table platform.idempotency_keys force row level security;
alter table platform.outbox enable row level security;
alter table platform.outbox force row level security;

-- audit_log is append-only: no update or delete is granted to any role, so there is no policy for them.
create policy "members can read the audit log of their tenant" on platform.audit_log
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members can append to the audit log of their tenant" on platform.audit_log
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));

create policy "members can read idempotency keys of their tenant" on platform.idempotency_keys
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members can create idempotency keys in their tenant" on platform.idempotency_keys
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "members can update idempotency keys of their tenant" on platform.idempotency_keys
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()))
  with check (tenant_id = (select private.current_tenant_id()));
create policy "members can delete idempotency keys of their tenant" on platform.idempotency_keys
  for delete to authenticated using (tenant_id = (select private.current_tenant_id()));

-- outbox: services append and read their tenant's events; only the relay (security definer
-- functions below) marks them published, so update and delete are granted to no role.
create policy "members can read the outbox of their tenant" on platform.outbox
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members can append to the outbox of their tenant" on platform.outbox
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));

-- Audit trigger ---------------------------------------------------------------------------------
-- Attach with: create trigger <t>_audit after insert or update or delete on <schema>.<t>
--   for each row execute function private.record_audit('<tenant column>', '<secret col>', ...);
-- Arguments: the column holding the tenant id (usually tenant_id), then columns never copied
-- into the log (hashes, secrets). A soft delete (deleted_at set) is recorded as 'delete', its
-- undo as 'restore', a physical delete as 'purge'. Actor and request id come from the request's
-- claims (request.jwt.claims, request.id); outside a request the actor is 'system'.
create or replace function private.record_audit() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_before jsonb;
  v_after jsonb;
  v_action text;
  v_tenant uuid;
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  v_hidden text[] := coalesce(tg_argv[1:], '{}');
  v_row jsonb;
begin
  if tg_op = 'INSERT' then
    v_action := 'create';
    v_after := to_jsonb(new) - v_hidden;
  elsif tg_op = 'UPDATE' then
    v_before := to_jsonb(old) - v_hidden;
    v_after := to_jsonb(new) - v_hidden;
    if (v_before - 'updated_at') = (v_after - 'updated_at') then
      return new;
    end if;
    v_action := case
      when v_before ? 'deleted_at' and v_before ->> 'deleted_at' is null and v_after ->> 'deleted_at' is not null then 'delete'
      when v_before ? 'deleted_at' and v_before ->> 'deleted_at' is not null and v_after ->> 'deleted_at' is null then 'restore'
      else 'update'
    end;
  else
    v_action := case when to_jsonb(old) ? 'deleted_at' then 'purge' else 'delete' end;
    v_before := to_jsonb(old) - v_hidden;
  end if;

  v_row := coalesce(to_jsonb(new), to_jsonb(old));
  v_tenant := (v_row ->> tg_argv[0])::uuid;

  insert into platform.audit_log (
    tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
  ) values (
    v_tenant,
    nullif(v_claims ->> 'sub', '')::uuid,
    case
      when v_claims is null or v_claims ->> 'sub' is null then 'system'
      when v_claims -> 'app_metadata' ->> 'api_key_id' is not null then 'api_key'
      else 'user'
    end,
    nullif(v_claims -> 'app_metadata' ->> 'api_key_id', '')::uuid,
    v_action,
    tg_table_schema || '.' || tg_table_name,
    coalesce(v_row ->> 'id', v_row ->> 'user_id', ''),
    v_before,
    v_after,
    nullif(current_setting('request.id', true), '')
  );
  return coalesce(new, old);
end
$$;
revoke all on function private.record_audit() from public;

create trigger tenants_audit after update on platform.tenants
  for each row execute function private.record_audit('id');
create trigger memberships_audit after insert or update or delete on platform.memberships
  for each row execute function private.record_audit('tenant_id');
create trigger invitations_audit after insert or update or delete on platform.invitations
  for each row execute function private.record_audit('tenant_id', 'token_hash');
create trigger api_keys_audit after insert or update or delete on platform.api_keys
  for each row execute function private.record_audit('tenant_id', 'key_hash', 'last_used_at');

-- Job queue (pg-boss) -----------------------------------------------------------------------------
-- pg-boss's schema is created here and filled by `pnpm db:migrate` with pg-boss's own
-- construction plan, run as job_queue so that role owns its tables (creating a queue attaches a
-- partition, which needs ownership). Services reach it through `set role job_queue`.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'job_queue') then
    create role job_queue nologin noinherit;
  end if;
end
$$;
create schema if not exists pgboss authorization job_queue;

-- Outbox relay ------------------------------------------------------------------------------------
-- Claims up to p_limit unpublished events of the calling service, oldest first, locked until the
-- caller's transaction ends (FOR UPDATE SKIP LOCKED: replicas share the work). The calling
-- service is known from session_user, so a service can only relay its own events.
create or replace function private.outbox_claim(p_limit integer)
returns setof platform.outbox
language sql security definer
set search_path = ''
as $$
  select o.* from platform.outbox o
  where o.published_at is null
    and o.source = (select s.name from private.services s where s.login_role = session_user)
  order by o.id
  limit least(greatest(p_limit, 1), 1000)
  for update skip locked
$$;
revoke all on function private.outbox_claim(integer) from public;

create or replace function private.outbox_mark_published(p_ids bigint[]) returns integer
language sql security definer
set search_path = ''
as $$
  with done as (
    update platform.outbox set published_at = now()
    where id = any (p_ids)
      and published_at is null
      and source = (select s.name from private.services s where s.login_role = session_user)
    returning 1
  )
  select count(*)::integer from done
$$;
revoke all on function private.outbox_mark_published(bigint[]) from public;

-- Maintenance ------------------------------------------------------------------------------------
-- Physically deletes rows soft-deleted (deleted_at) more than p_older_than ago in every table of
-- the calling service's schema that has a deleted_at column; returns the number of rows removed.
-- Each removal is audited as 'purge' by the tables' audit triggers.
create or replace function private.purge_soft_deleted(p_older_than interval) returns bigint
language plpgsql security definer
set search_path = ''
as $$
declare
  v_schema text;
  v_table record;
  v_count bigint;
  v_total bigint := 0;
begin
  select s.schema_name into v_schema from private.services s where s.login_role = session_user;
  if v_schema is null then
    raise exception 'purge_soft_deleted: % is not a service login role', session_user
      using errcode = '42501';
  end if;
  for v_table in
    select c.table_name from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = v_schema and c.column_name = 'deleted_at'
  loop
    execute format(
      'delete from %I.%I where deleted_at is not null and deleted_at < now() - $1',
      v_schema, v_table.table_name
    ) using p_older_than;
    get diagnostics v_count = row_count;
    v_total := v_total + v_count;
  end loop;
  return v_total;
end
$$;
revoke all on function private.purge_soft_deleted(interval) from public;

-- Expired idempotency keys, across tenants; returns the number removed.
create or replace function private.purge_expired_idempotency_keys() returns bigint
language sql security definer
set search_path = ''
as $$
  with gone as (delete from platform.idempotency_keys where expires_at < now() returning 1)
  select count(*) from gone
$$;
revoke all on function private.purge_expired_idempotency_keys() from public;

-- What every service may use of the platform ------------------------------------------------
-- Called by each service's migration after private.ensure_service_roles(); idempotent.
--   login role:   API-key verification, outbox relay, maintenance, rate-limit counters, job queue;
--   request role: read its tenant (time zone, currency) and members, append audit rows and
--                 outbox events, keep idempotency keys. Nothing else of `platform`.
create or replace function private.grant_platform_access(p_service text) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_login text;
  v_request text;
begin
  select login_role, request_role into v_login, v_request from private.services where name = p_service;
  if v_login is null then
    raise exception 'unknown service %', p_service;
  end if;

  execute format('grant usage on schema private to %I', v_login);
  execute format('grant execute on function private.verify_api_key(text, text) to %I', v_login);
  execute format('grant execute on function private.touch_api_key(uuid) to %I', v_login);
  execute format('grant execute on function private.outbox_claim(integer) to %I', v_login);
  execute format('grant execute on function private.outbox_mark_published(bigint[]) to %I', v_login);
  execute format('grant execute on function private.purge_soft_deleted(interval) to %I', v_login);
  execute format('grant execute on function private.purge_expired_idempotency_keys() to %I', v_login);
  execute format('grant select, insert, update, delete on private.rate_limits to %I', v_login);
  execute format('grant job_queue to %I', v_login);

  execute format('grant usage on schema platform to %I', v_request);
  execute format('grant select (id, slug, name, plan, time_zone, currency, locale) on platform.tenants to %I', v_request);
  execute format('grant select (tenant_id, user_id, role) on platform.memberships to %I', v_request);
  execute format('grant select (id, name, email) on platform.users to %I', v_request);
  execute format('grant select, insert on platform.audit_log to %I', v_request);
  execute format('grant select, insert, update, delete on platform.idempotency_keys to %I', v_request);
  execute format('grant select, insert on platform.outbox to %I', v_request);
end
$$;
revoke all on function private.grant_platform_access(text) from public;

select private.grant_platform_access('auth');
grant insert on platform.audit_log to auth_admin;
create policy "auth service appends audit rows" on platform.audit_log
  for insert to auth_admin with check (true);
grant select, insert on platform.outbox to auth_admin;
create policy "auth service appends and reads events" on platform.outbox
  for all to auth_admin using (true) with check (true);
