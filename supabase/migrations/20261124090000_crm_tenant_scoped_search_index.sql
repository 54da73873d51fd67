-- CRM search: one GIN posting list per tenant and word.
--
-- The search indexes were two-column GIN indexes on (tenant_id, search) (btree_gin). A search
-- then intersects the posting list of each query word with the posting list of the tenant: for a
-- tenant of 100,000 contacts, 100,000 entries decoded on every keystroke, whatever the word
-- (`jean`: 7 of the 8 ms of the index scan; pnpm bench, CRM part). A GIN index on `search` alone
-- is no better: the planner ANDs it with another index on tenant_id, or filters the matches of
-- every tenant.
--
-- The index is now on the tenant's own lexemes: each lexeme of `search` prefixed with a key of the
-- tenant (8 hex digits of the md5 of its id), so a word's posting list holds that tenant's rows
-- only, and a prefix query ('<key>jean':*) walks that tenant's words only. Two tenants whose keys
-- collide (one chance in 2^32 per pair) share posting lists, nothing more: the search functions
-- still test tenant_id on every row. Ranking still reads `search` (ts_rank_cd needs positions and
-- weights, which the index expression drops).
--
-- Measured on the benchmark's database (100,000 contacts in the tenant, 590,000 in all), one
-- search page ranking at most 1,000 matches: `jean` 12.9 → 5.4 ms, `salon lyon` 33 → 12 ms,
-- `atelier lumiere` 18.7 → 4.5 ms, `ma` 80 → 36 ms.

-- The key of a tenant in its lexemes.
--
-- This function and the next are evaluated for every row written (index expression), so they are
-- written to be inlined by the planner: SQL, no SET clause (every name schema-qualified instead),
-- no subquery. As plain function calls they cost 52 ms per 1,000 contacts inserted; inlined, 8 ms.
create function private.tenant_search_key(p_tenant uuid) returns text
language sql immutable parallel safe strict
as $$ select pg_catalog.left(pg_catalog.md5(p_tenant::text), 8) $$;

-- `search` with each lexeme prefixed by the tenant's key (positions and weights dropped). The
-- lexemes are joined with a control character (U+0001, which the parser never puts in a lexeme),
-- the key put in front of each, and split again.
create function private.tenant_lexemes(p_tenant uuid, p_search tsvector) returns tsvector
language sql immutable parallel safe strict
as $$
  select case
    when pg_catalog.length(p_search) = 0 then ''::pg_catalog.tsvector
    else pg_catalog.array_to_tsvector(pg_catalog.string_to_array(
      private.tenant_search_key(p_tenant) operator(pg_catalog.||) pg_catalog.array_to_string(
        pg_catalog.tsvector_to_array(p_search),
        pg_catalog.chr(1) operator(pg_catalog.||) private.tenant_search_key(p_tenant)),
      pg_catalog.chr(1)))
  end
$$;

-- private.prefix_tsquery(p_text) with each lexeme prefixed by the tenant's key, to match
-- private.tenant_lexemes. Lexemes are rewritten in the query's text form, where each is quoted
-- and a quote inside one is doubled.
create function private.tenant_prefix_tsquery(p_tenant uuid, p_text text) returns tsquery
language sql immutable parallel safe
set search_path = ''
as $$
  select regexp_replace(q::text, '''((?:[^'']|'''')*)''', '''' || private.tenant_search_key(p_tenant) || '\1''', 'g')::tsquery
  from private.prefix_tsquery(p_text) as q
$$;

create index contacts_tenant_lexemes_idx on crm.contacts
  using gin (private.tenant_lexemes(tenant_id, search));
drop index crm.contacts_search_idx;
create index companies_tenant_lexemes_idx on crm.companies
  using gin (private.tenant_lexemes(tenant_id, search));
drop index crm.companies_search_idx;

-- The search functions of migration 20261122090400, on the new index. The index scan sits in a
-- subquery the planner keeps whole (offset 0), so it is never ANDed with another index on
-- tenant_id (that would decode the tenant's posting list again); tenant_id is tested per row.
-- p_live_only leaves out rows in the trash: a page of a plain search in relevance order then
-- takes its best `limit + 1` matches before joining the table (services/crm/src/db/lists.ts,
-- joinSearch), instead of joining every ranked match and sorting them all: the join was half of
-- the statement's time (1,000 primary-key lookups for a 25-row page).
drop function crm.search_contacts(text, integer);
create function crm.search_contacts(p_query text, p_max_matches integer default null, p_live_only boolean default false)
returns table (id uuid, rank real)
language sql stable security definer
rows 200
set search_path = ''
as $$
  select m.id, ts_rank_cd(m.search, (select private.prefix_tsquery(p_query)), 1)
  from (
    select c.id, c.search, c.tenant_id, c.deleted_at
    from crm.contacts c
    where private.tenant_lexemes(c.tenant_id, c.search)
          @@ (select private.tenant_prefix_tsquery(private.current_tenant_id(), p_query))
    offset 0
  ) m
  where m.tenant_id = (select private.current_tenant_id())
    and (not p_live_only or m.deleted_at is null)
    -- The select policy's rule for CLIENT members (written out: a function call per row costs).
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = m.tenant_id and s.entity_type = 'contact'
                      and s.entity_id = m.id and s.user_id = (select auth.uid())))
  limit p_max_matches
$$;
revoke all on function crm.search_contacts(text, integer, boolean) from public;
grant execute on function crm.search_contacts(text, integer, boolean) to authenticated;

drop function crm.search_companies(text, integer);
create function crm.search_companies(p_query text, p_max_matches integer default null, p_live_only boolean default false)
returns table (id uuid, rank real)
language sql stable security definer
rows 100
set search_path = ''
as $$
  select m.id, ts_rank_cd(m.search, (select private.prefix_tsquery(p_query)), 1)
  from (
    select c.id, c.search, c.tenant_id, c.deleted_at
    from crm.companies c
    where private.tenant_lexemes(c.tenant_id, c.search)
          @@ (select private.tenant_prefix_tsquery(private.current_tenant_id(), p_query))
    offset 0
  ) m
  where m.tenant_id = (select private.current_tenant_id())
    and (not p_live_only or m.deleted_at is null)
    and ((select private.current_tenant_role()) <> 'CLIENT'
         or exists (select 1 from crm.shares s where s.tenant_id = m.tenant_id and s.entity_type = 'company'
                      and s.entity_id = m.id and s.user_id = (select auth.uid())))
  limit p_max_matches
$$;
revoke all on function crm.search_companies(text, integer, boolean) from public;
grant execute on function crm.search_companies(text, integer, boolean) to authenticated;
