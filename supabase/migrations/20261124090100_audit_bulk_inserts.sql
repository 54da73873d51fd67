-- Audit of bulk inserts: one row per statement instead of one per inserted row.
--
-- An import writes 1,000 contacts per statement, and the statement-level audit trigger turned each
-- into a JSON snapshot in platform.audit_log: 78 of the 288 ms the statement cost (pnpm bench, CRM
-- part; 8 of the 43 s of a 100,000-row import). The snapshot of a row just inserted is the row
-- itself, and once the row changes, the first update's audit row keeps it as `before`: nothing is
-- lost by recording, for a bulk insert, who inserted which rows when, and not their values.
--
-- A transaction that sets `audit.bulk_insert` (set_config(..., true): that transaction only) to a
-- label, e.g. the import's id, gets for each INSERT statement on an audited table one audit row
-- per tenant: action 'bulk_create', entity_id the label, `after` = {"bulk": label, "count": n,
-- "ids": [the ids, sorted]}, with the usual actor, API key and request id. Updates and deletes are
-- audited row by row as before, whatever the setting. Every other insert is unchanged.

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
  v_bulk text := nullif(current_setting('audit.bulk_insert', true), '');
begin
  if tg_op = 'INSERT' and v_bulk is not null then
    execute format(
      $q$insert into platform.audit_log (
           tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
         )
         select n.%1$I, $1, $2, $3, 'bulk_create', $4, $5, null,
                jsonb_build_object('bulk', $5::text, 'count', count(*), 'ids', jsonb_agg(n.id order by n.id)), $6
         from new_rows n
         group by n.%1$I$q$,
      v_tenant_column)
      using v_actor, v_actor_type, v_api_key, v_entity, v_bulk, v_request;
    return null;
  end if;

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
