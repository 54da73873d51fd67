-- CRM: index lookups that Row Level Security would otherwise turn into scans of the whole tenant,
-- and triggers that cost little when an import writes thousands of contacts at once.
--
-- Why the lookup functions exist. Under RLS, PostgreSQL must evaluate a table's policy before any
-- condition of the query whose operator is not LEAKPROOF, so that such an operator never sees a
-- row the caller may not read. The full-text match `@@`, array overlap `&&` and trigram
-- similarity `%` are not leakproof, so they can never be index conditions under RLS: searching
-- 100,000 contacts filters all 100,000 rows of the tenant (about 100 ms) instead of reading the
-- GIN index (a few ms). Only a superuser can declare a function leakproof, which Supabase does
-- not allow. So the index lookups run in SECURITY DEFINER functions owned by the migration role
-- (which bypasses RLS: a superuser here, `postgres` on Supabase), restricted explicitly to the
-- caller's tenant and to what the caller's role may see (the select policies' own rule). They
-- return only ids (and a rank or match flags); the statements that read the contacts themselves
-- still run under RLS, so every visibility rule still applies there.

-- Search ---------------------------------------------------------------------------------------------
-- One-letter words match exactly rather than as prefixes: "a:*" would match most of a tenant.
create or replace function private.prefix_tsquery(p_text text) returns tsquery
language sql immutable parallel safe
set search_path = ''
as $$
  select to_tsquery('private.unaccented',
                    string_agg(quote_literal(w) || case when length(w) > 1 then ':*' else '' end, ' & '))
  from regexp_split_to_table(private.fold(coalesce(p_text, '')), '[^[:alnum:]@._+-]+') as w
  where w <> ''
$$;

-- Contacts of the caller's tenant matching a search box's text (private.prefix_tsquery), with
-- their ts_rank_cd rank (normalisation 1: divided by 1 + log(length)). Live and trashed alike:
-- the calling statement filters deleted_at under RLS.
create or replace function crm.search_contacts(p_query text)
returns table (id uuid, rank real)
language sql stable security definer
rows 200
set search_path = ''
as $$
  select c.id, ts_rank_cd(c.search, (select private.prefix_tsquery(p_query)), 1)
  from crm.contacts c
  where c.tenant_id = (select private.current_tenant_id())
    and c.search @@ (select private.prefix_tsquery(p_query))
    -- The select policy's rule for CLIENT members (written out: a function call per row costs).
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = c.tenant_id and s.entity_type = 'contact'
                      and s.entity_id = c.id and s.user_id = (select auth.uid())))
$$;
revoke all on function crm.search_contacts(text) from public;
grant execute on function crm.search_contacts(text) to authenticated;

-- Companies of the caller's tenant matching a search box's text, ranked as above.
create or replace function crm.search_companies(p_query text)
returns table (id uuid, rank real)
language sql stable security definer
rows 100
set search_path = ''
as $$
  select c.id, ts_rank_cd(c.search, (select private.prefix_tsquery(p_query)), 1)
  from crm.companies c
  where c.tenant_id = (select private.current_tenant_id())
    and c.search @@ (select private.prefix_tsquery(p_query))
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = c.tenant_id and s.entity_type = 'company'
                      and s.entity_id = c.id and s.user_id = (select auth.uid())))
$$;
revoke all on function crm.search_companies(text) from public;
grant execute on function crm.search_companies(text) to authenticated;

-- Duplicates -----------------------------------------------------------------------------------------
-- Live contacts of the caller's tenant that may be the same person as contact p_id: sharing an
-- e-mail key or a phone key, or with a folded name of at least 3 characters within pg_trgm's
-- similarity threshold (the caller filters by its own threshold). Three GIN index probes.
create or replace function crm.contact_duplicate_candidates(p_id uuid)
returns setof uuid
language sql stable security definer
rows 20
set search_path = ''
as $$
  select c2.id
  from crm.contacts c1
  join crm.contacts c2
    on c2.tenant_id = c1.tenant_id and c2.id <> c1.id and c2.deleted_at is null
   and (c2.email_keys operator(pg_catalog.&&) c1.email_keys
        or c2.phone_keys operator(pg_catalog.&&) c1.phone_keys
        or (length(c1.name_key) >= 3 and c2.name_key operator(extensions.%) c1.name_key))
  where c1.tenant_id = (select private.current_tenant_id())
    and c1.id = p_id
    and (select private.current_tenant_role()) <> 'CLIENT'
$$;
revoke all on function crm.contact_duplicate_candidates(uuid) from public;
grant execute on function crm.contact_duplicate_candidates(uuid) to authenticated;

-- Every pair (a < b) of live contacts of the caller's tenant that are likely the same person:
-- same e-mail key or same phone key (hash joins over the keys: every such pair), or names at
-- least p_name_similarity alike (pg_trgm similarity, 0–1) among each name's 3 neighbours in
-- folded-name order and in reversed-name order — the sorted-neighbourhood method (Hernández &
-- Stolfo, SIGMOD 1995), which finds typos at either end of a name in O(n log n) rather than
-- comparing all n² pairs. Linear in the tenant's size: about half a second for 100,000 contacts.
-- Staff only (CLIENT members get nothing).
create or replace function crm.duplicate_contact_pairs(p_name_similarity real)
returns table (a uuid, b uuid, same_email boolean, same_phone boolean, name_similarity real)
language sql stable security definer
rows 100
set search_path = ''
as $$
  with live as materialized (
    select c.id, c.email_keys, c.phone_keys, c.name_key
    from crm.contacts c
    where c.tenant_id = (select private.current_tenant_id()) and c.deleted_at is null
      and (select private.current_tenant_role()) <> 'CLIENT'
  ),
  emails as (select id, unnest(email_keys) as k from live),
  phones as (select id, unnest(phone_keys) as k from live),
  named as (select id, name_key from live where length(name_key) >= 3),
  neighbours as (
    select id, name_key,
           lead(id, 1) over w as id1, lead(name_key, 1) over w as name1,
           lead(id, 2) over w as id2, lead(name_key, 2) over w as name2,
           lead(id, 3) over w as id3, lead(name_key, 3) over w as name3
    from named window w as (order by name_key, id)
    union all
    select id, name_key,
           lead(id, 1) over w, lead(name_key, 1) over w,
           lead(id, 2) over w, lead(name_key, 2) over w,
           lead(id, 3) over w, lead(name_key, 3) over w
    from named window w as (order by reverse(name_key), id)
  ),
  pairs as (
    select x.id as a, y.id as b from emails x join emails y on y.k = x.k and y.id > x.id
    union
    select x.id, y.id from phones x join phones y on y.k = x.k and y.id > x.id
    union
    select least(n.id, v.other), greatest(n.id, v.other)
    from neighbours n
    cross join lateral (values (n.id1, n.name1), (n.id2, n.name2), (n.id3, n.name3)) as v (other, other_name)
    where v.other is not null and extensions.similarity(n.name_key, v.other_name) >= p_name_similarity
  )
  select p.a, p.b,
         x.email_keys operator(pg_catalog.&&) y.email_keys,
         x.phone_keys operator(pg_catalog.&&) y.phone_keys,
         extensions.similarity(x.name_key, y.name_key)
  from pairs p
  join live x on x.id = p.a
  join live y on y.id = p.b
$$;
revoke all on function crm.duplicate_contact_pairs(real) from public;
grant execute on function crm.duplicate_contact_pairs(real) to authenticated;

-- Live contacts of the caller's tenant having any of these e-mail keys (lower-case addresses) or
-- phone keys (E.164), with the keys they have: matching an imported row or a new contact.
create or replace function crm.contacts_with_keys(p_emails text[], p_phones text[])
returns table (id uuid, email_keys text[], phone_keys text[])
language sql stable security definer
rows 50
set search_path = ''
as $$
  select c.id, c.email_keys, c.phone_keys
  from crm.contacts c
  where c.tenant_id = (select private.current_tenant_id()) and c.deleted_at is null
    and (c.email_keys operator(pg_catalog.&&) coalesce(p_emails, '{}')
         or c.phone_keys operator(pg_catalog.&&) coalesce(p_phones, '{}'))
    -- The select policy's rule for CLIENT members (written out: a function call per row costs).
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = c.tenant_id and s.entity_type = 'contact'
                      and s.entity_id = c.id and s.user_id = (select auth.uid())))
$$;
revoke all on function crm.contacts_with_keys(text[], text[]) from public;
grant execute on function crm.contacts_with_keys(text[], text[]) to authenticated;

-- Audit, one statement at a time -------------------------------------------------------------------
-- private.record_audit (foundation) runs once per row; an import writing 1,000 contacts in one
-- statement paid a PL/pgSQL call and an insert per row. This variant writes the same audit rows
-- (same actions, actor, request id and hidden columns) in one set-based insert per statement,
-- from the statement's transition tables. Attach it with three triggers, one per event:
--   after insert … referencing new table as new_rows for each statement
--   after update … referencing old table as old_rows new table as new_rows for each statement
--   after delete … referencing old table as old_rows for each statement
-- Arguments as record_audit's: the tenant column, then columns never copied into the log. The
-- table must have an `id` column (updates pair old and new rows by it).
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
begin
  if tg_op = 'INSERT' then
    insert into platform.audit_log (
      tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
    )
    select (r.j ->> v_tenant_column)::uuid, v_actor, v_actor_type, v_api_key, 'create', v_entity,
           r.j ->> 'id', null, r.j - v_hidden, v_request
    from (select to_jsonb(n) as j from new_rows n) r;
  elsif tg_op = 'UPDATE' then
    insert into platform.audit_log (
      tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
    )
    select (c.after ->> v_tenant_column)::uuid, v_actor, v_actor_type, v_api_key,
           case
             when c.before ? 'deleted_at' and c.before ->> 'deleted_at' is null
                  and c.after ->> 'deleted_at' is not null then 'delete'
             when c.before ? 'deleted_at' and c.before ->> 'deleted_at' is not null
                  and c.after ->> 'deleted_at' is null then 'restore'
             else 'update'
           end,
           v_entity, c.after ->> 'id', c.before, c.after, v_request
    from (
      select to_jsonb(o) - v_hidden as before, to_jsonb(n) - v_hidden as after
      from old_rows o join new_rows n on n.id = o.id
    ) c
    where (c.before - 'updated_at') <> (c.after - 'updated_at');
  else
    insert into platform.audit_log (
      tenant_id, actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id
    )
    select (r.j ->> v_tenant_column)::uuid, v_actor, v_actor_type, v_api_key,
           case when r.j ? 'deleted_at' then 'purge' else 'delete' end, v_entity,
           r.j ->> 'id', r.j - v_hidden, null, v_request
    from (select to_jsonb(o) as j from old_rows o) r;
  end if;
  return null;
end
$$;
revoke all on function private.record_audit_rows() from public;

-- Contacts and companies are what imports write in bulk. Their derived columns (search vector,
-- duplicate keys) are left out of the log: they follow from the columns that are logged.
drop trigger contacts_audit on crm.contacts;
create trigger contacts_audit_insert after insert on crm.contacts
  referencing new table as new_rows
  for each statement execute function private.record_audit_rows('tenant_id', 'search', 'email_keys', 'phone_keys', 'name_key');
create trigger contacts_audit_update after update on crm.contacts
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.record_audit_rows('tenant_id', 'search', 'email_keys', 'phone_keys', 'name_key');
create trigger contacts_audit_delete after delete on crm.contacts
  referencing old table as old_rows
  for each statement execute function private.record_audit_rows('tenant_id', 'search', 'email_keys', 'phone_keys', 'name_key');

drop trigger companies_audit on crm.companies;
create trigger companies_audit_insert after insert on crm.companies
  referencing new table as new_rows
  for each statement execute function private.record_audit_rows('tenant_id', 'search');
create trigger companies_audit_update after update on crm.companies
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.record_audit_rows('tenant_id', 'search');
create trigger companies_audit_delete after delete on crm.companies
  referencing old table as old_rows
  for each statement execute function private.record_audit_rows('tenant_id', 'search');

-- Row triggers only when they have something to do --------------------------------------------------
-- The company name is looked up only for a contact linked to a company (or cleared when a name
-- came without a link).
drop trigger contacts_company_name on crm.contacts;
create trigger contacts_company_name_insert before insert on crm.contacts
  for each row when (new.company_id is not null or new.company_name is not null)
  execute function private.contacts_company_name();
create trigger contacts_company_name_update before update of company_id on crm.contacts
  for each row when (new.company_id is distinct from old.company_id)
  execute function private.contacts_company_name();

-- Custom values are checked per row only when a row has some (or changes them); a row created
-- without any is checked once per statement for the tenant's required fields.
create or replace function private.check_required_custom_fields() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_key text;
begin
  select d.key into v_key
  from new_rows n
  join crm.custom_fields d on d.tenant_id = n.tenant_id and d.entity = tg_argv[0] and d.required
  where coalesce(jsonb_typeof(n.custom -> d.key), 'null') = 'null'
  limit 1;
  if v_key is not null then
    raise exception 'custom field % is required', v_key using errcode = '23514';
  end if;
  return null;
end
$$;
revoke all on function private.check_required_custom_fields() from public;

drop trigger contacts_validate_custom on crm.contacts;
create trigger contacts_validate_custom_insert before insert on crm.contacts
  for each row when (new.custom is distinct from '{}'::jsonb)
  execute function private.validate_custom_fields('contact');
create trigger contacts_validate_custom_update before update of custom on crm.contacts
  for each row when (new.custom is distinct from old.custom)
  execute function private.validate_custom_fields('contact');
create trigger contacts_required_custom after insert on crm.contacts
  referencing new table as new_rows
  for each statement execute function private.check_required_custom_fields('contact');

drop trigger companies_validate_custom on crm.companies;
create trigger companies_validate_custom_insert before insert on crm.companies
  for each row when (new.custom is distinct from '{}'::jsonb)
  execute function private.validate_custom_fields('company');
create trigger companies_validate_custom_update before update of custom on crm.companies
  for each row when (new.custom is distinct from old.custom)
  execute function private.validate_custom_fields('company');
create trigger companies_required_custom after insert on crm.companies
  referencing new table as new_rows
  for each statement execute function private.check_required_custom_fields('company');
