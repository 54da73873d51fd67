-- CRM: what a bulk insert of contacts pays per row, paid per statement instead.
--
-- Measured on a 100,000-row import (services/crm/src/import/perf.manual.ts, 1,000 rows per
-- insert): of 39 s spent in `insert into crm.contacts`, 11.6 s were the company-name row trigger
-- (one PL/pgSQL call and one lookup under RLS per contact linked to a company) and 7.1 s the
-- statement-level audit, most of it serialising each row's search vector to JSON only to remove
-- it again.

-- Company name: a writer may supply it, the database checks it once per statement ---------------
-- The row trigger still fills the name in for a writer that gives only company_id (the API's
-- single creates) and clears a name given without a link; a writer inserting many rows gives the
-- name it read with the id (a join in the same statement), and one set-based check per statement
-- rejects any row whose name is not its company's. The check reads the companies with the
-- definer's rights: a contact's company is always of the contact's tenant (composite foreign key),
-- and only the tenant's own rows are compared.
drop trigger contacts_company_name_insert on crm.contacts;
create trigger contacts_company_name_insert before insert on crm.contacts
  for each row when ((new.company_id is not null and new.company_name is null)
                     or (new.company_id is null and new.company_name is not null))
  execute function private.contacts_company_name();

create or replace function private.check_contact_company_names() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  select n.id into v_id
  from new_rows n
  join crm.companies c on c.tenant_id = n.tenant_id and c.id = n.company_id
  where n.company_name is distinct from c.name
  limit 1;
  if v_id is not null then
    raise exception 'company_name of contact % is not the name of its company', v_id
      using errcode = '23514', hint = 'Leave company_name out: it follows from company_id.';
  end if;
  return null;
end
$$;
revoke all on function private.check_contact_company_names() from public;

create trigger contacts_company_name_check after insert on crm.contacts
  referencing new table as new_rows
  for each statement execute function private.check_contact_company_names();

-- Audit: hidden columns left out before serialising, not after -----------------------------------
-- Same rows as before (actions, actor, request id, hidden columns absent from before/after); the
-- column list is read from the catalog once per statement and the transition tables are read
-- through it, so a tsvector or a key array is never turned into JSON.
create or replace function private.record_audit_rows() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  v_hidden text[] := coalesce(tg_argv[1:], '{}');
  v_tenant_column text := tg_argv[0];
  v_entity text := tg_table_schema || '.' || tg_table_name;
  v_actor uuid := nullif(v_claims ->> 'sub', '')::uuid;
  v_actor_type text := case
    when v_claims is null or v_claims ->> 'sub' is null then 'system'
    when v_claims -> 'app_metadata' ->> 'api_key_id' is not null then 'api_key'
    else 'user'
  end;
  v_api_key uuid := nullif(v_claims -> 'app_metadata' ->> 'api_key_id', '')::uuid;
  v_request text := nullif(current_setting('request.id', true), '');
  v_columns text;
begin
  select string_agg(format('%I', a.attname), ', ' order by a.attnum) into v_columns
  from pg_catalog.pg_attribute a
  where a.attrelid = tg_relid and a.attnum > 0 and not a.attisdropped and a.attname <> all (v_hidden);

  if tg_op = 'INSERT' then
    execute format(
      $q$insert into platform.audit_log (
           tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
         )
         select (r.j ->> $1)::uuid, $2, $3, $4, 'create', $5, r.j ->> 'id', null, r.j, $6
         from (select to_jsonb(x) as j from (select %s from new_rows) x) r$q$,
      v_columns)
      using v_tenant_column, v_actor, v_actor_type, v_api_key, v_entity, v_request;
  elsif tg_op = 'UPDATE' then
    execute format(
      $q$insert into platform.audit_log (
           tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
         )
         select (c.after ->> $1)::uuid, $2, $3, $4,
                case
                  when c.before ? 'deleted_at' and c.before ->> 'deleted_at' is null
                       and c.after ->> 'deleted_at' is not null then 'delete'
                  when c.before ? 'deleted_at' and c.before ->> 'deleted_at' is not null
                       and c.after ->> 'deleted_at' is null then 'restore'
                  else 'update'
                end,
                $5, c.after ->> 'id', c.before, c.after, $6
         from (
           select to_jsonb(o) as before, to_jsonb(n) as after
           from (select %1$s from old_rows) o join (select %1$s from new_rows) n on n.id = o.id
         ) c
         where (c.before - 'updated_at') <> (c.after - 'updated_at')$q$,
      v_columns)
      using v_tenant_column, v_actor, v_actor_type, v_api_key, v_entity, v_request;
  else
    execute format(
      $q$insert into platform.audit_log (
           tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
         )
         select (r.j ->> $1)::uuid, $2, $3, $4,
                case when r.j ? 'deleted_at' then 'purge' else 'delete' end, $5,
                r.j ->> 'id', r.j, null, $6
         from (select to_jsonb(x) as j from (select %s from old_rows) x) r$q$,
      v_columns)
      using v_tenant_column, v_actor, v_actor_type, v_api_key, v_entity, v_request;
  end if;
  return null;
end
$$;
revoke all on function private.record_audit_rows() from public;
