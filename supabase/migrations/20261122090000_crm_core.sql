-- CRM vertical: companies, richer contacts (labelled e-mails and phones, addresses, tags, owner,
-- source, custom fields), pipelines with stages, deals with their stage history, activities,
-- tasks, sharing with CLIENT members, accent-insensitive full-text search and duplicate keys.
--
-- Cross-references are composite foreign keys (tenant_id, …): a foreign-key check bypasses RLS,
-- so a single-column reference would let a row point at another tenant's row.
-- CLIENT members see only what is shared with them (crm.shares); that rule lives in the select
-- policies, so it holds for every query, not only for the API's.

-- Extensions (Supabase keeps them in schema `extensions`) ------------------------------------
create schema if not exists extensions;
create extension if not exists unaccent with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists btree_gin with schema extensions;
grant usage on schema extensions to authenticated;

-- Accent-insensitive text search configuration: words folded with unaccent, no stemming (names,
-- e-mails and short notes in French and English). Built with the schema unaccent lives in,
-- wherever an earlier install put it.
do $$
declare
  v_schema text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
                    where e.extname = 'unaccent');
begin
  if not exists (select 1 from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
                 where n.nspname = 'private' and c.cfgname = 'unaccented') then
    create text search configuration private.unaccented (copy = pg_catalog.simple);
    execute format(
      'alter text search configuration private.unaccented alter mapping for hword, hword_part, word with %I.unaccent, simple',
      v_schema
    );
  end if;
end
$$;

-- unaccent() is STABLE (its rules file could change); this wrapper pins the dictionary so it can
-- be used in generated columns and indexes, as PostgreSQL's documentation suggests.
do $$
declare
  v_schema text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
                    where e.extname = 'unaccent');
begin
  execute format($f$
    create or replace function private.fold(p_text text) returns text
    language sql immutable parallel safe strict
    set search_path = ''
    as $body$ select lower(%1$I.unaccent(%2$L::regdictionary, p_text)) $body$
  $f$, v_schema, v_schema || '.unaccent');
end
$$;

-- A search box's text as a prefix query: every word must match the start of a lexeme, accents and
-- case ignored ("élo mart" finds "Élodie Martin"). Null when the text has no word.
create or replace function private.prefix_tsquery(p_text text) returns tsquery
language sql immutable parallel safe
set search_path = ''
as $$
  select to_tsquery('private.unaccented', string_agg(quote_literal(w) || ':*', ' & '))
  from regexp_split_to_table(private.fold(coalesce(p_text, '')), '[^[:alnum:]@._+-]+') as w
  where w <> ''
$$;
grant execute on function private.prefix_tsquery(text) to authenticated;

-- The tenant role of the request (CLIENT visibility rules).
create or replace function private.current_tenant_role() returns text
language sql stable
set search_path = ''
as $$
  select (select auth.jwt()) -> 'app_metadata' ->> 'tenant_role'
$$;
grant execute on function private.current_tenant_role() to authenticated;
grant execute on function private.fold(text) to authenticated;

-- Keys for duplicate detection, from the labelled lists (immutable: usable in generated columns).
create or replace function private.email_keys(p_emails jsonb) returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(distinct lower(btrim(e ->> 'address'))) filter (where coalesce(btrim(e ->> 'address'), '') <> ''), '{}')
  from jsonb_array_elements(case when jsonb_typeof(p_emails) = 'array' then p_emails else '[]'::jsonb end) e
$$;

create or replace function private.phone_keys(p_phones jsonb) returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(distinct p ->> 'e164') filter (where coalesce(p ->> 'e164', '') <> ''), '{}')
  from jsonb_array_elements(case when jsonb_typeof(p_phones) = 'array' then p_phones else '[]'::jsonb end) p
$$;

create or replace function private.list_text(p_list jsonb, p_key text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select coalesce(string_agg(e ->> p_key, ' '), '')
  from jsonb_array_elements(case when jsonb_typeof(p_list) = 'array' then p_list else '[]'::jsonb end) e
$$;
grant execute on function private.email_keys(jsonb), private.phone_keys(jsonb), private.list_text(jsonb, text)
  to authenticated;

-- Custom field definitions ----------------------------------------------------------------------
create table crm.custom_fields (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  entity text not null check (entity in ('contact', 'company', 'deal')),
  -- Key in the entity's `custom` object: lower snake case.
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text not null check (length(btrim(label)) between 1 and 100),
  type text not null check (type in ('text', 'number', 'date', 'select')),
  options text[] not null default '{}' check (cardinality(options) <= 100),
  required boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, entity, key),
  constraint custom_fields_select_has_options check (type <> 'select' or cardinality(options) > 0)
);

-- Validates an entity's `custom` object against the tenant's definitions: known keys only, values
-- of the declared type, select values among the options, required keys present. Raises
-- check_violation (SQLSTATE 23514) naming the key. The API checks the same first, field by field.
create or replace function private.validate_custom_fields() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_entity text := tg_argv[0];
  v_custom jsonb := coalesce(new.custom, '{}'::jsonb);
  v_key text;
  v_value jsonb;
  v_def record;
begin
  if jsonb_typeof(v_custom) <> 'object' then
    raise exception 'custom must be an object' using errcode = '23514';
  end if;
  for v_key, v_value in select * from jsonb_each(v_custom) loop
    select d.type, d.options into v_def from crm.custom_fields d
      where d.tenant_id = new.tenant_id and d.entity = v_entity and d.key = v_key;
    if not found then
      raise exception 'unknown custom field %', v_key using errcode = '23514';
    end if;
    if jsonb_typeof(v_value) = 'null' then
      continue;
    end if;
    if (v_def.type = 'text' and jsonb_typeof(v_value) <> 'string')
      or (v_def.type = 'number' and jsonb_typeof(v_value) <> 'number')
      or (v_def.type = 'date' and (jsonb_typeof(v_value) <> 'string' or (v_value #>> '{}') !~ '^\d{4}-\d{2}-\d{2}$'))
      or (v_def.type = 'select' and (jsonb_typeof(v_value) <> 'string' or not ((v_value #>> '{}') = any (v_def.options))))
    then
      raise exception 'custom field % must be a valid %', v_key, v_def.type using errcode = '23514';
    end if;
  end loop;
  for v_def in select d.key from crm.custom_fields d
    where d.tenant_id = new.tenant_id and d.entity = v_entity and d.required loop
    if coalesce(jsonb_typeof(v_custom -> v_def.key), 'null') = 'null' then
      raise exception 'custom field % is required', v_def.key using errcode = '23514';
    end if;
  end loop;
  return new;
end
$$;

-- Sharing with CLIENT members ---------------------------------------------------------------------
create table crm.shares (
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  entity_type text not null check (entity_type in ('contact', 'company', 'deal')),
  entity_id uuid not null,
  user_id uuid not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, entity_type, entity_id, user_id),
  foreign key (tenant_id, user_id) references platform.memberships (tenant_id, user_id) on delete cascade
);
create index shares_tenant_id_user_id_idx on crm.shares (tenant_id, user_id, entity_type);

-- Companies ------------------------------------------------------------------------------------
create table crm.companies (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  domain text check (domain is null or length(domain) <= 253),
  industry text check (industry is null or length(industry) <= 100),
  emails jsonb not null default '[]' check (jsonb_typeof(emails) = 'array'),
  phones jsonb not null default '[]' check (jsonb_typeof(phones) = 'array'),
  addresses jsonb not null default '[]' check (jsonb_typeof(addresses) = 'array'),
  tags text[] not null default '{}',
  notes text check (notes is null or length(notes) <= 20000),
  owner_id uuid,
  source text check (source is null or length(source) <= 100),
  custom jsonb not null default '{}',
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  search tsvector generated always as (
    setweight(to_tsvector('private.unaccented', coalesce(name, '')), 'A') ||
    setweight(to_tsvector('private.unaccented', coalesce(domain, '') || ' ' || private.list_text(emails, 'address')), 'B') ||
    setweight(to_tsvector('private.unaccented', coalesce(notes, '')), 'C')
  ) stored,
  unique (tenant_id, id),
  foreign key (tenant_id, owner_id) references platform.memberships (tenant_id, user_id) on delete set null (owner_id)
);
create index companies_tenant_id_created_at_idx on crm.companies (tenant_id, created_at desc, id desc) where deleted_at is null;
create index companies_tenant_id_name_idx on crm.companies (tenant_id, lower(name), id) where deleted_at is null;
create index companies_search_idx on crm.companies using gin (tenant_id, search);
create index companies_tenant_id_tags_idx on crm.companies using gin (tenant_id, tags);

-- Contacts: from the first table to the full model ------------------------------------------------
alter table crm.contacts
  add column company_id uuid,
  add column job_title text check (job_title is null or length(job_title) <= 200),
  add column emails jsonb not null default '[]' check (jsonb_typeof(emails) = 'array'),
  add column phones jsonb not null default '[]' check (jsonb_typeof(phones) = 'array'),
  add column addresses jsonb not null default '[]' check (jsonb_typeof(addresses) = 'array'),
  add column tags text[] not null default '{}',
  add column notes text check (notes is null or length(notes) <= 20000),
  add column owner_id uuid,
  add column source text check (source is null or length(source) <= 100),
  add column custom jsonb not null default '{}',
  -- Denormalised for search (kept by trigger when the company or the link changes).
  add column company_name text,
  add column merged_into_id uuid;

update crm.contacts set
  emails = case when email is null then '[]'::jsonb
                else jsonb_build_array(jsonb_build_object('label', 'work', 'address', lower(email))) end,
  phones = case when phone is null then '[]'::jsonb
                else jsonb_build_array(jsonb_build_object('label', 'work', 'number', phone, 'e164', null)) end;

alter table crm.contacts drop column email, drop column phone;
alter table crm.contacts
  add constraint contacts_tenant_id_id_key unique (tenant_id, id),
  add constraint contacts_company_fk foreign key (tenant_id, company_id)
    references crm.companies (tenant_id, id) on delete set null (company_id),
  add constraint contacts_owner_fk foreign key (tenant_id, owner_id)
    references platform.memberships (tenant_id, user_id) on delete set null (owner_id),
  add column email_keys text[] generated always as (private.email_keys(emails)) stored,
  add column phone_keys text[] generated always as (private.phone_keys(phones)) stored,
  add column name_key text generated always as (private.fold(btrim(first_name || ' ' || last_name))) stored,
  add column search tsvector generated always as (
    setweight(to_tsvector('private.unaccented', coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'A') ||
    setweight(to_tsvector('private.unaccented', private.list_text(emails, 'address') || ' ' || coalesce(company_name, '')), 'B') ||
    setweight(to_tsvector('private.unaccented', coalesce(job_title, '') || ' ' || coalesce(notes, '')), 'C')
  ) stored;

create index contacts_tenant_id_updated_at_idx on crm.contacts (tenant_id, updated_at desc, id desc) where deleted_at is null;
create index contacts_tenant_id_name_idx on crm.contacts (tenant_id, name_key, id) where deleted_at is null;
create index contacts_tenant_id_company_id_idx on crm.contacts (tenant_id, company_id) where company_id is not null;
create index contacts_search_idx on crm.contacts using gin (tenant_id, search);
create index contacts_email_keys_idx on crm.contacts using gin (tenant_id, email_keys);
create index contacts_phone_keys_idx on crm.contacts using gin (tenant_id, phone_keys);
create index contacts_tags_idx on crm.contacts using gin (tenant_id, tags);
create index contacts_name_trgm_idx on crm.contacts using gin (tenant_id, name_key extensions.gin_trgm_ops);

-- Company name on contacts, for search.
create or replace function private.contacts_company_name() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.company_id is null then
    new.company_name := null;
  elsif tg_op = 'INSERT' or new.company_id is distinct from old.company_id then
    select c.name into new.company_name from crm.companies c
      where c.tenant_id = new.tenant_id and c.id = new.company_id;
  end if;
  return new;
end
$$;
create trigger contacts_company_name before insert or update of company_id on crm.contacts
  for each row execute function private.contacts_company_name();

create or replace function private.companies_rename_contacts() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update crm.contacts set company_name = new.name
    where tenant_id = new.tenant_id and company_id = new.id and company_name is distinct from new.name;
  return new;
end
$$;
create trigger companies_rename_contacts after update of name on crm.companies
  for each row execute function private.companies_rename_contacts();

create trigger contacts_validate_custom before insert or update of custom on crm.contacts
  for each row execute function private.validate_custom_fields('contact');
create trigger companies_validate_custom before insert or update of custom on crm.companies
  for each row execute function private.validate_custom_fields('company');
create trigger companies_touch_updated_at before update on crm.companies
  for each row execute function private.touch_updated_at();
create trigger companies_audit after insert or update or delete on crm.companies
  for each row execute function private.record_audit('tenant_id');
create trigger custom_fields_touch_updated_at before update on crm.custom_fields
  for each row execute function private.touch_updated_at();
create trigger custom_fields_audit after insert or update or delete on crm.custom_fields
  for each row execute function private.record_audit('tenant_id');

-- Pipelines, stages, deals ---------------------------------------------------------------------
create table crm.pipelines (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create index pipelines_tenant_id_position_idx on crm.pipelines (tenant_id, position);

create table crm.stages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  pipeline_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 100),
  position integer not null default 0,
  -- 'open' stages are in progress; a deal in a 'won' or 'lost' stage is closed.
  kind text not null default 'open' check (kind in ('open', 'won', 'lost')),
  -- Chance of winning, percent (weighted pipeline totals).
  probability integer not null default 0 check (probability between 0 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, pipeline_id, id),
  foreign key (tenant_id, pipeline_id) references crm.pipelines (tenant_id, id) on delete cascade
);
create index stages_tenant_id_pipeline_id_idx on crm.stages (tenant_id, pipeline_id, position);

create table crm.deals (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  pipeline_id uuid not null,
  stage_id uuid not null,
  title text not null check (length(btrim(title)) between 1 and 200),
  -- ISO 4217 minor units (cents for EUR), never a float.
  amount_minor bigint not null default 0 check (amount_minor >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  expected_close_date date,
  company_id uuid,
  contact_id uuid,
  owner_id uuid,
  tags text[] not null default '{}',
  notes text check (notes is null or length(notes) <= 20000),
  custom jsonb not null default '{}',
  -- Order within the stage on the kanban board (fractional ranking).
  rank double precision not null default 0,
  won_at timestamptz,
  lost_at timestamptz,
  lost_reason text check (lost_reason is null or length(lost_reason) <= 500),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (tenant_id, id),
  foreign key (tenant_id, pipeline_id, stage_id) references crm.stages (tenant_id, pipeline_id, id),
  foreign key (tenant_id, company_id) references crm.companies (tenant_id, id) on delete set null (company_id),
  foreign key (tenant_id, contact_id) references crm.contacts (tenant_id, id) on delete set null (contact_id),
  foreign key (tenant_id, owner_id) references platform.memberships (tenant_id, user_id) on delete set null (owner_id)
);
create index deals_tenant_id_stage_id_idx on crm.deals (tenant_id, stage_id, rank) where deleted_at is null;
create index deals_tenant_id_created_at_idx on crm.deals (tenant_id, created_at desc, id desc) where deleted_at is null;
create index deals_tenant_id_contact_id_idx on crm.deals (tenant_id, contact_id) where contact_id is not null;
create index deals_tenant_id_company_id_idx on crm.deals (tenant_id, company_id) where company_id is not null;

create table crm.deal_stage_history (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  deal_id uuid not null,
  from_stage_id uuid,
  to_stage_id uuid not null,
  moved_by uuid,
  moved_at timestamptz not null default now(),
  foreign key (tenant_id, deal_id) references crm.deals (tenant_id, id) on delete cascade
);
create index deal_stage_history_tenant_id_deal_id_idx on crm.deal_stage_history (tenant_id, deal_id, moved_at);

-- Stage changes. Before: the won/lost timestamps follow the stage's kind. After: a history row and,
-- on reaching a won stage, the crm.deal.won event in the outbox, in the transaction of the change,
-- whatever path moved the deal.
create or replace function private.deals_stage_kind() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_kind text;
begin
  if tg_op = 'UPDATE' and new.stage_id is not distinct from old.stage_id then
    return new;
  end if;
  select s.kind into v_kind from crm.stages s where s.tenant_id = new.tenant_id and s.id = new.stage_id;
  new.won_at := case when v_kind = 'won' then now() end;
  new.lost_at := case when v_kind = 'lost' then now() end;
  if v_kind <> 'lost' then
    new.lost_reason := null;
  end if;
  return new;
end
$$;
create trigger deals_stage_kind before insert or update of stage_id on crm.deals
  for each row execute function private.deals_stage_kind();

create or replace function private.deals_stage_moved() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_actor uuid := nullif((select auth.jwt()) ->> 'sub', '')::uuid;
begin
  if tg_op = 'UPDATE' and new.stage_id is not distinct from old.stage_id then
    return new;
  end if;
  insert into crm.deal_stage_history (tenant_id, deal_id, from_stage_id, to_stage_id, moved_by)
    values (new.tenant_id, new.id, case when tg_op = 'UPDATE' then old.stage_id end, new.stage_id, v_actor);
  if new.won_at is not null and (tg_op = 'INSERT' or old.won_at is null) then
    insert into platform.outbox (tenant_id, source, event_type, aggregate_type, aggregate_id, payload)
    values (new.tenant_id, 'crm', 'crm.deal.won', 'deal', new.id::text, jsonb_build_object(
      'deal_id', new.id, 'title', new.title, 'amount_minor', new.amount_minor, 'currency', new.currency,
      'company_id', new.company_id, 'contact_id', new.contact_id, 'owner_id', new.owner_id,
      'pipeline_id', new.pipeline_id, 'stage_id', new.stage_id, 'won_at', new.won_at, 'won_by', v_actor));
  end if;
  return new;
end
$$;
create trigger deals_stage_moved after insert or update of stage_id on crm.deals
  for each row execute function private.deals_stage_moved();
create trigger deals_validate_custom before insert or update of custom on crm.deals
  for each row execute function private.validate_custom_fields('deal');
create trigger deals_touch_updated_at before update on crm.deals
  for each row execute function private.touch_updated_at();
create trigger deals_audit after insert or update or delete on crm.deals
  for each row execute function private.record_audit('tenant_id');
create trigger pipelines_touch_updated_at before update on crm.pipelines
  for each row execute function private.touch_updated_at();
create trigger stages_touch_updated_at before update on crm.stages
  for each row execute function private.touch_updated_at();

-- The pipeline a tenant starts with, created on first use. The advisory lock (per tenant, until
-- the end of the caller's transaction) keeps two first requests from creating two.
create or replace function crm.ensure_default_pipeline() returns void
language plpgsql
set search_path = ''
as $$
declare
  v_pipeline uuid;
begin
  perform pg_advisory_xact_lock(hashtext('crm.default_pipeline:' || private.current_tenant_id()::text));
  if exists (select 1 from crm.pipelines) then
    return;
  end if;
  insert into crm.pipelines (name, position) values ('Sales', 0) returning id into v_pipeline;
  insert into crm.stages (pipeline_id, name, position, kind, probability)
  select v_pipeline, s.name, s.position, s.kind, s.probability
  from (values
    ('Lead', 0, 'open', 10), ('Qualified', 1, 'open', 25), ('Proposal', 2, 'open', 50),
    ('Negotiation', 3, 'open', 75), ('Won', 4, 'won', 100), ('Lost', 5, 'lost', 0)
  ) as s (name, position, kind, probability);
end
$$;
grant execute on function crm.ensure_default_pipeline() to crm_authenticated;

-- Activities and tasks ---------------------------------------------------------------------------
create table crm.activities (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  type text not null check (type in ('note', 'call', 'email', 'meeting')),
  subject text check (subject is null or length(subject) <= 300),
  body text check (body is null or length(body) <= 50000),
  occurred_at timestamptz not null default now(),
  duration_minutes integer check (duration_minutes is null or duration_minutes between 0 and 10080),
  contact_id uuid,
  company_id uuid,
  deal_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint activities_attached check (num_nonnulls(contact_id, company_id, deal_id) >= 1),
  foreign key (tenant_id, contact_id) references crm.contacts (tenant_id, id) on delete cascade,
  foreign key (tenant_id, company_id) references crm.companies (tenant_id, id) on delete cascade,
  foreign key (tenant_id, deal_id) references crm.deals (tenant_id, id) on delete cascade
);
create index activities_tenant_id_contact_idx on crm.activities (tenant_id, contact_id, occurred_at desc) where contact_id is not null;
create index activities_tenant_id_company_idx on crm.activities (tenant_id, company_id, occurred_at desc) where company_id is not null;
create index activities_tenant_id_deal_idx on crm.activities (tenant_id, deal_id, occurred_at desc) where deal_id is not null;
create index activities_tenant_id_occurred_at_idx on crm.activities (tenant_id, occurred_at desc, id desc);

create table crm.tasks (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  title text not null check (length(btrim(title)) between 1 and 300),
  description text check (description is null or length(description) <= 20000),
  assignee_id uuid,
  due_at timestamptz,
  status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'cancelled')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  contact_id uuid,
  company_id uuid,
  deal_id uuid,
  completed_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  foreign key (tenant_id, assignee_id) references platform.memberships (tenant_id, user_id) on delete set null (assignee_id),
  foreign key (tenant_id, contact_id) references crm.contacts (tenant_id, id) on delete cascade,
  foreign key (tenant_id, company_id) references crm.companies (tenant_id, id) on delete cascade,
  foreign key (tenant_id, deal_id) references crm.deals (tenant_id, id) on delete cascade
);
create index tasks_tenant_id_assignee_due_idx on crm.tasks (tenant_id, assignee_id, due_at) where deleted_at is null;
create index tasks_tenant_id_due_idx on crm.tasks (tenant_id, due_at, id) where deleted_at is null;
create index tasks_tenant_id_contact_idx on crm.tasks (tenant_id, contact_id) where contact_id is not null;
create index tasks_tenant_id_deal_idx on crm.tasks (tenant_id, deal_id) where deal_id is not null;

create or replace function private.tasks_completion() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.completed_at := case when new.status = 'done' then coalesce(new.completed_at, now()) else null end;
  return new;
end
$$;
create trigger tasks_completion before insert or update of status on crm.tasks
  for each row execute function private.tasks_completion();
create trigger activities_touch_updated_at before update on crm.activities
  for each row execute function private.touch_updated_at();
create trigger tasks_touch_updated_at before update on crm.tasks
  for each row execute function private.touch_updated_at();
create trigger activities_audit after insert or update or delete on crm.activities
  for each row execute function private.record_audit('tenant_id');
create trigger tasks_audit after insert or update or delete on crm.tasks
  for each row execute function private.record_audit('tenant_id');
create trigger shares_audit after insert or delete on crm.shares
  for each row execute function private.record_audit('tenant_id');

-- Row Level Security -----------------------------------------------------------------------------
-- Staff (every role but CLIENT) see the whole tenant; CLIENT members see what is shared with them.
alter table crm.custom_fields enable row level security;
alter table crm.custom_fields force row level security;
alter table crm.shares enable row level security;
alter table crm.shares force row level security;
alter table crm.companies enable row level security;
alter table crm.companies force row level security;
alter table crm.pipelines enable row level security;
alter table crm.pipelines force row level security;
alter table crm.stages enable row level security;
alter table crm.stages force row level security;
alter table crm.deals enable row level security;
alter table crm.deals force row level security;
alter table crm.deal_stage_history enable row level security;
alter table crm.deal_stage_history force row level security;
alter table crm.activities enable row level security;
alter table crm.activities force row level security;
alter table crm.tasks enable row level security;
alter table crm.tasks force row level security;

drop policy "members can read contacts of their tenant" on crm.contacts;
drop policy "members can create contacts in their tenant" on crm.contacts;
drop policy "members can update contacts of their tenant" on crm.contacts;
drop policy "members can delete contacts of their tenant" on crm.contacts;

create policy "staff read contacts of their tenant, clients those shared with them" on crm.contacts
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id())
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = contacts.tenant_id and s.entity_type = 'contact'
                      and s.entity_id = contacts.id and s.user_id = (select auth.uid())))
  );
create policy "staff create contacts in their tenant" on crm.contacts
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update contacts of their tenant" on crm.contacts
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete contacts of their tenant" on crm.contacts
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

create policy "staff read companies of their tenant, clients those shared with them" on crm.companies
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id())
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = companies.tenant_id and s.entity_type = 'company'
                      and s.entity_id = companies.id and s.user_id = (select auth.uid())))
  );
create policy "staff create companies in their tenant" on crm.companies
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update companies of their tenant" on crm.companies
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete companies of their tenant" on crm.companies
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

create policy "staff read deals of their tenant, clients those shared with them" on crm.deals
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id())
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = deals.tenant_id and s.entity_type = 'deal'
                      and s.entity_id = deals.id and s.user_id = (select auth.uid())))
  );
create policy "staff create deals in their tenant" on crm.deals
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update deals of their tenant" on crm.deals
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete deals of their tenant" on crm.deals
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

-- Activities and tasks follow what they are attached to; a client also sees tasks assigned to them.
create policy "staff read activities of their tenant, clients those of shared records" on crm.activities
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id())
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = activities.tenant_id and s.user_id = (select auth.uid())
                      and ((s.entity_type = 'contact' and s.entity_id = activities.contact_id)
                        or (s.entity_type = 'company' and s.entity_id = activities.company_id)
                        or (s.entity_type = 'deal' and s.entity_id = activities.deal_id))))
  );
create policy "staff create activities in their tenant" on crm.activities
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update activities of their tenant" on crm.activities
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete activities of their tenant" on crm.activities
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

create policy "staff read tasks of their tenant, clients their own and those of shared records" on crm.tasks
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id())
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or assignee_id = (select auth.uid())
         or exists (select 1 from crm.shares s where s.tenant_id = tasks.tenant_id and s.user_id = (select auth.uid())
                      and ((s.entity_type = 'contact' and s.entity_id = tasks.contact_id)
                        or (s.entity_type = 'company' and s.entity_id = tasks.company_id)
                        or (s.entity_type = 'deal' and s.entity_id = tasks.deal_id))))
  );
create policy "staff create tasks in their tenant" on crm.tasks
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update tasks of their tenant, clients the status of their own" on crm.tasks
  for update to authenticated
  using (
    tenant_id = (select private.current_tenant_id())
    and ((select private.current_tenant_role()) <> 'CLIENT' or assignee_id = (select auth.uid()))
  )
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete tasks of their tenant" on crm.tasks
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

-- Configuration tables: readable by every member, written by staff (the API narrows to admins).
create policy "members read custom fields of their tenant" on crm.custom_fields
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "staff create custom fields in their tenant" on crm.custom_fields
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update custom fields of their tenant" on crm.custom_fields
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete custom fields of their tenant" on crm.custom_fields
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

create policy "members read pipelines of their tenant" on crm.pipelines
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members create pipelines in their tenant" on crm.pipelines
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "staff update pipelines of their tenant" on crm.pipelines
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete pipelines of their tenant" on crm.pipelines
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

create policy "members read stages of their tenant" on crm.stages
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members create stages in their tenant" on crm.stages
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "staff update stages of their tenant" on crm.stages
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete stages of their tenant" on crm.stages
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

-- Stage history is append-only (written by the deals trigger): no update or delete is granted.
create policy "members read the stage history of visible deals" on crm.deal_stage_history
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id())
    and exists (select 1 from crm.deals d where d.tenant_id = deal_stage_history.tenant_id and d.id = deal_stage_history.deal_id)
  );
create policy "members append to the stage history of their tenant" on crm.deal_stage_history
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));

create policy "staff read shares of their tenant, clients their own" on crm.shares
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id())
    and ((select private.current_tenant_role()) <> 'CLIENT' or user_id = (select auth.uid()))
  );
create policy "staff share records of their tenant" on crm.shares
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update shares of their tenant" on crm.shares
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff unshare records of their tenant" on crm.shares
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

-- Grants -----------------------------------------------------------------------------------------
grant select, insert, update, delete on
  crm.custom_fields, crm.shares, crm.companies, crm.pipelines, crm.stages, crm.deals,
  crm.activities, crm.tasks
  to crm_authenticated;
grant select, insert on crm.deal_stage_history to crm_authenticated;
