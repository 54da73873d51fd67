-- Billing vertical, core: the seller's settings, customers, tax rates, products, quotes, invoices
-- and credit notes with gapless numbering, payments and customer credit. Owned by
-- `services/billing` (roles billing_api / billing_authenticated).
--
-- Rules that hold whatever the client does (the API checks them first, with clearer errors):
-- - money is bigint minor units of an ISO 4217 currency; quantities are thousandths; VAT rates
--   are basis points (2000 = 20 %);
-- - an issued invoice or credit note is immutable: only its payment state, dispute flag and
--   cancellation change, and it is never deleted (French Code de commerce L123-22 keeps
--   accounting documents 10 years; CGI art. 242 nonies A lists an invoice's mentions);
-- - numbers are assigned at issue time from one counter per tenant, series and year, taken under
--   a row lock in the issuing transaction: gapless and never shared (CGI art. 242 nonies A, 7°:
--   "numéro unique basé sur une séquence chronologique et continue");
-- - cross-references are composite (tenant_id, id) foreign keys, since a foreign-key check
--   bypasses RLS;
-- - nothing here has `deleted_at`: customers, products and tax rates are archived, never purged,
--   because issued documents point at them.
-- Errors meant for the caller use SQLSTATE 55000 (object_not_in_prerequisite_state) → 409.

create schema if not exists billing;
select private.ensure_service_roles('billing', 'billing');
select private.grant_platform_access('billing');
grant usage on schema billing to billing_authenticated;

-- Applies the four tenant policies (one per command) every billing table uses.
create or replace function private.apply_tenant_policies(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format($p$create policy "members read rows of their tenant" on %s
    for select to authenticated using (tenant_id = (select private.current_tenant_id()))$p$, p_table);
  execute format($p$create policy "members create rows in their tenant" on %s
    for insert to authenticated with check (tenant_id = (select private.current_tenant_id()))$p$, p_table);
  execute format($p$create policy "members update rows of their tenant" on %s
    for update to authenticated
    using (tenant_id = (select private.current_tenant_id()))
    with check (tenant_id = (select private.current_tenant_id()))$p$, p_table);
  execute format($p$create policy "members delete rows of their tenant" on %s
    for delete to authenticated using (tenant_id = (select private.current_tenant_id()))$p$, p_table);
end
$$;
revoke all on function private.apply_tenant_policies(regclass) from public;

-- Statement-level audit triggers (private.record_audit_rows) on a table.
create or replace function private.apply_audit_triggers(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_name text := (select c.relname from pg_catalog.pg_class c where c.oid = p_table);
begin
  execute format('create trigger %I after insert on %s referencing new table as new_rows
    for each statement execute function private.record_audit_rows(%L)', v_name || '_audit_insert', p_table, 'tenant_id');
  execute format('create trigger %I after update on %s referencing old table as old_rows new table as new_rows
    for each statement execute function private.record_audit_rows(%L)', v_name || '_audit_update', p_table, 'tenant_id');
  execute format('create trigger %I after delete on %s referencing old table as old_rows
    for each statement execute function private.record_audit_rows(%L)', v_name || '_audit_delete', p_table, 'tenant_id');
end
$$;
revoke all on function private.apply_audit_triggers(regclass) from public;

-- Seller settings: one row per tenant ---------------------------------------------------------
create table billing.settings (
  tenant_id uuid primary key default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  -- Row identity for the audit log.
  id uuid not null unique default gen_random_uuid(),
  legal_name text not null default '' check (length(legal_name) <= 200),
  trading_name text check (length(trading_name) <= 200),
  address_line1 text not null default '' check (length(address_line1) <= 200),
  address_line2 text check (length(address_line2) <= 200),
  postal_code text not null default '' check (length(postal_code) <= 20),
  city text not null default '' check (length(city) <= 100),
  country_code char(2) not null default 'FR' check (country_code ~ '^[A-Z]{2}$'),
  vat_number text check (vat_number ~ '^[A-Z]{2}[0-9A-Z+*.]{2,13}$'),
  siren text check (siren ~ '^[0-9]{9}$'),
  siret text check (siret ~ '^[0-9]{14}$'),
  legal_form text check (length(legal_form) <= 200),
  registration text check (length(registration) <= 200),
  email text check (length(email) <= 254),
  iban text check (iban ~ '^[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}$'),
  bic text check (bic ~ '^[A-Z]{6}[0-9A-Z]{2}([0-9A-Z]{3})?$'),
  -- SEPA Creditor Identifier (EPC262-08), e.g. FR72ZZZ123456.
  sepa_creditor_id text check (sepa_creditor_id ~ '^[A-Z]{2}[0-9]{2}[0-9A-Z]{3}[0-9A-Z]{1,28}$'),
  -- 'franchise': VAT not applicable (CGI art. 293 B), every line is exempt.
  vat_regime text not null default 'normal' check (vat_regime in ('normal', 'franchise')),
  default_payment_terms_days integer not null default 30 check (default_payment_terms_days between 0 and 365),
  -- Late-payment penalty printed on invoices (L441-10: at least 3 × the legal interest rate).
  late_penalty_text text not null default
    'Pénalités de retard : trois fois le taux d’intérêt légal (art. L441-10 du Code de commerce).'
    check (length(late_penalty_text) <= 500),
  invoice_prefix text not null default 'F' check (invoice_prefix ~ '^[A-Z0-9-]{1,10}$'),
  credit_note_prefix text not null default 'AV' check (credit_note_prefix ~ '^[A-Z0-9-]{1,10}$'),
  quote_prefix text not null default 'D' check (quote_prefix ~ '^[A-Z0-9-]{1,10}$'),
  primary_color text not null default '#1d4ed8' check (primary_color ~ '^#[0-9a-fA-F]{6}$'),
  logo_png bytea check (octet_length(logo_png) <= 512 * 1024),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table billing.settings is 'The seller identity, bank details and document options of a tenant.';
create trigger settings_touch_updated_at before update on billing.settings
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.settings');
select private.apply_audit_triggers('billing.settings');
grant select, insert, update on billing.settings to billing_authenticated;

-- Customers ------------------------------------------------------------------------------------
create table billing.customers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  -- 'business' customers get the B2B mentions (40 EUR recovery fee, D441-5).
  kind text not null default 'business' check (kind in ('business', 'individual')),
  legal_name text not null check (length(btrim(legal_name)) between 1 and 200),
  trading_name text check (length(trading_name) <= 200),
  email text check (length(email) <= 254),
  address_line1 text not null default '' check (length(address_line1) <= 200),
  address_line2 text check (length(address_line2) <= 200),
  postal_code text not null default '' check (length(postal_code) <= 20),
  city text not null default '' check (length(city) <= 100),
  country_code char(2) not null default 'FR' check (country_code ~ '^[A-Z]{2}$'),
  vat_number text check (vat_number ~ '^[A-Z]{2}[0-9A-Z+*.]{2,13}$'),
  siren text check (siren ~ '^[0-9]{9}$'),
  siret text check (siret ~ '^[0-9]{14}$'),
  payment_terms_days integer check (payment_terms_days between 0 and 365),
  default_currency char(3) not null default 'EUR' check (default_currency ~ '^[A-Z]{3}$'),
  -- Links to the CRM by id only (each API owns its schema; resolve through the CRM API).
  crm_company_id uuid,
  crm_contact_id uuid,
  notes text check (length(notes) <= 5000),
  archived_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  constraint customers_siret_matches_siren check (siret is null or siren is null or left(siret, 9) = siren)
);
comment on table billing.customers is 'Billing identities of the people and organisations a tenant invoices.';
create index customers_tenant_id_name_idx on billing.customers (tenant_id, lower(legal_name), id);
create index customers_tenant_id_created_at_idx on billing.customers (tenant_id, created_at desc, id desc);
create index customers_tenant_id_crm_company_id_idx on billing.customers (tenant_id, crm_company_id)
  where crm_company_id is not null;
create trigger customers_touch_updated_at before update on billing.customers
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.customers');
select private.apply_audit_triggers('billing.customers');
grant select, insert, update on billing.customers to billing_authenticated;

-- Tax rates ------------------------------------------------------------------------------------
create table billing.tax_rates (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  rate_basis_points integer not null check (rate_basis_points between 0 and 10000),
  -- UNTDID 5305 category (EN 16931 BT-151): S standard, Z zero, E exempt, AE reverse charge,
  -- K intra-EU goods, G export, O outside scope.
  vat_category text not null check (vat_category in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
  -- The legal mention printed for an exemption (BT-120) and its VATEX code (BT-121).
  exemption_reason text check (length(exemption_reason) <= 300),
  exemption_reason_code text check (exemption_reason_code ~ '^VATEX-[A-Z0-9-]{1,30}$'),
  is_default boolean not null default false,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, name),
  constraint tax_rates_category_rate check (
    (vat_category = 'S' and rate_basis_points > 0) or (vat_category <> 'S' and rate_basis_points = 0)),
  constraint tax_rates_exemption_reason check (vat_category in ('S', 'Z') or exemption_reason is not null)
);
comment on table billing.tax_rates is 'VAT rates and exemptions a tenant bills with.';
create unique index tax_rates_one_default_idx on billing.tax_rates (tenant_id) where is_default;
create trigger tax_rates_touch_updated_at before update on billing.tax_rates
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.tax_rates');
select private.apply_audit_triggers('billing.tax_rates');
grant select, insert, update on billing.tax_rates to billing_authenticated;

-- Creates the French rates on a tenant's first use (idempotent): 20 % (default), 10 %, 5.5 %,
-- 2.1 % (CGI art. 278 to 281 nonies), franchise en base (art. 293 B), reverse charge for
-- intra-EU B2B services (art. 283-2 CGI, Directive 2006/112/EC art. 196), intra-EU supply of
-- goods (art. 262 ter I CGI) and export (art. 262 I CGI).
create or replace function billing.ensure_default_tax_rates() returns void
language sql
set search_path = ''
as $$
  insert into billing.tax_rates (name, rate_basis_points, vat_category, exemption_reason, exemption_reason_code, is_default)
  select v.name, v.rate, v.category, v.reason, v.code, v.is_default
  from (values
    ('TVA 20 %', 2000, 'S', null, null, true),
    ('TVA 10 %', 1000, 'S', null, null, false),
    ('TVA 5,5 %', 550, 'S', null, null, false),
    ('TVA 2,1 %', 210, 'S', null, null, false),
    ('Franchise en base', 0, 'E', 'TVA non applicable, art. 293 B du CGI', 'VATEX-FR-FRANCHISE', false),
    ('Autoliquidation (UE)', 0, 'AE', 'Autoliquidation – art. 283-2 du CGI, art. 196 de la directive 2006/112/CE', 'VATEX-EU-AE', false),
    ('Livraison intracommunautaire', 0, 'K', 'Exonération de TVA, art. 262 ter I du CGI', 'VATEX-EU-IC', false),
    ('Exportation', 0, 'G', 'Exonération de TVA, art. 262 I du CGI', 'VATEX-EU-G', false)
  ) as v (name, rate, category, reason, code, is_default)
  where not exists (select 1 from billing.tax_rates t where t.tenant_id = (select private.current_tenant_id()))
    and (select private.current_tenant_id()) is not null
$$;
grant execute on function billing.ensure_default_tax_rates() to billing_authenticated;

-- Products (price list) ------------------------------------------------------------------------
create table billing.products (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  description text check (length(description) <= 2000),
  -- UN/ECE Recommendation 20 unit code (C62 one, HUR hour, DAY day, KGM kilogram…).
  unit_code text not null default 'C62' check (unit_code ~ '^[A-Z0-9]{2,3}$'),
  unit_price_minor bigint not null check (unit_price_minor between -100000000000 and 100000000000),
  currency char(3) not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  tax_rate_id uuid not null,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, tax_rate_id) references billing.tax_rates (tenant_id, id)
);
comment on table billing.products is 'The price list: what a tenant sells, at which net unit price and VAT rate.';
create index products_tenant_id_name_idx on billing.products (tenant_id, lower(name), id);
create trigger products_touch_updated_at before update on billing.products
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.products');
select private.apply_audit_triggers('billing.products');
grant select, insert, update on billing.products to billing_authenticated;

-- Document numbering ---------------------------------------------------------------------------
create table billing.number_sequences (
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  series text not null check (series in ('invoice', 'credit_note', 'quote')),
  year integer not null check (year between 2000 and 2999),
  last_value integer not null check (last_value >= 1),
  primary key (tenant_id, series, year)
);
comment on table billing.number_sequences is
  'Last number used per tenant, series and year; taken under a row lock by billing.next_number().';
select private.apply_tenant_policies('billing.number_sequences');
grant select, insert, update on billing.number_sequences to billing_authenticated;

-- The next number of a series for the caller's tenant. The upsert locks the counter row until the
-- calling transaction ends, so concurrent issues queue instead of sharing a number, and a rolled
-- back issue gives its number back (no gap). Not a SEQUENCE: sequences are not transactional.
create or replace function billing.next_number(p_series text, p_year integer) returns integer
language sql
set search_path = ''
as $$
  insert into billing.number_sequences as s (series, year, last_value)
  values (p_series, p_year, 1)
  on conflict (tenant_id, series, year) do update set last_value = s.last_value + 1
  returning last_value
$$;
grant execute on function billing.next_number(text, integer) to billing_authenticated;

-- Quotes ---------------------------------------------------------------------------------------
create table billing.quotes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  status text not null default 'draft'
    check (status in ('draft', 'sent', 'accepted', 'declined', 'expired')),
  -- Assigned when the quote is sent: <prefix>-<year>-<6 digits>.
  number text check (length(number) <= 40),
  customer_id uuid not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  issue_date date,
  valid_until date,
  title text check (length(title) <= 200),
  note text check (length(note) <= 5000),
  net_minor bigint not null default 0,
  tax_minor bigint not null default 0,
  gross_minor bigint not null default 0,
  vat_breakdown jsonb not null default '[]' check (jsonb_typeof(vat_breakdown) = 'array'),
  -- The CRM deal it was drafted from (crm.deal.won): one quote per deal.
  crm_deal_id uuid,
  invoice_id uuid,
  sent_at timestamptz,
  accepted_at timestamptz,
  declined_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, number),
  unique (tenant_id, crm_deal_id),
  foreign key (tenant_id, customer_id) references billing.customers (tenant_id, id),
  constraint quotes_number_when_sent check ((status = 'draft') = (number is null)),
  constraint quotes_gross check (gross_minor = net_minor + tax_minor)
);
comment on table billing.quotes is 'Quotes (devis): draft → sent → accepted / declined / expired; accepted ones become invoices.';
create index quotes_tenant_id_created_at_idx on billing.quotes (tenant_id, created_at desc, id desc);
create index quotes_tenant_id_customer_id_idx on billing.quotes (tenant_id, customer_id);
create trigger quotes_touch_updated_at before update on billing.quotes
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.quotes');
select private.apply_audit_triggers('billing.quotes');
grant select, insert, update, delete on billing.quotes to billing_authenticated;

-- Invoices and credit notes --------------------------------------------------------------------
create table billing.invoices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  kind text not null default 'invoice' check (kind in ('invoice', 'credit_note')),
  -- Stored states; "overdue" is derived (issued or partially paid, due date passed).
  status text not null default 'draft'
    check (status in ('draft', 'issued', 'partially_paid', 'paid', 'cancelled')),
  number text check (length(number) <= 40),
  sequence_year integer,
  sequence_value integer,
  customer_id uuid not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  issue_date date,
  due_date date,
  delivery_date date,
  payment_terms_days integer check (payment_terms_days between 0 and 365),
  buyer_reference text check (length(buyer_reference) <= 100),
  purchase_order_reference text check (length(purchase_order_reference) <= 100),
  note text check (length(note) <= 5000),
  net_minor bigint not null default 0,
  tax_minor bigint not null default 0,
  gross_minor bigint not null default 0,
  -- Sum of succeeded payments applied to it, and of credit notes issued against it.
  paid_minor bigint not null default 0 check (paid_minor >= 0),
  credited_minor bigint not null default 0 check (credited_minor >= 0),
  vat_breakdown jsonb not null default '[]' check (jsonb_typeof(vat_breakdown) = 'array'),
  -- Frozen at issue: the parties and mentions exactly as printed (BillingDocument shapes).
  seller jsonb,
  buyer jsonb,
  legal_mentions text[] not null default '{}',
  -- A credit note's invoice (EN 16931 BG-3).
  credited_invoice_id uuid,
  quote_id uuid,
  disputed_at timestamptz,
  issued_at timestamptz,
  cancelled_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, number),
  unique (tenant_id, kind, sequence_year, sequence_value),
  foreign key (tenant_id, customer_id) references billing.customers (tenant_id, id),
  foreign key (tenant_id, credited_invoice_id) references billing.invoices (tenant_id, id),
  foreign key (tenant_id, quote_id) references billing.quotes (tenant_id, id),
  constraint invoices_number_when_issued check (
    (status = 'draft' and number is null and issue_date is null and issued_at is null)
    or (status <> 'draft' and number is not null and issue_date is not null and issued_at is not null
        and sequence_year is not null and sequence_value is not null and seller is not null and buyer is not null)),
  constraint invoices_gross check (gross_minor = net_minor + tax_minor),
  constraint invoices_credit_note_target check ((kind = 'credit_note') = (credited_invoice_id is not null)),
  constraint invoices_due_after_issue check (due_date is null or issue_date is null or due_date >= issue_date)
);
comment on table billing.invoices is
  'Invoices and credit notes: draft (editable) → issued (immutable) → partially paid / paid; cancelled by a credit note, never deleted.';
create index invoices_tenant_id_created_at_idx on billing.invoices (tenant_id, created_at desc, id desc);
create index invoices_tenant_id_status_due_date_idx on billing.invoices (tenant_id, status, due_date);
create index invoices_tenant_id_customer_id_idx on billing.invoices (tenant_id, customer_id);
create index invoices_tenant_id_credited_invoice_id_idx on billing.invoices (tenant_id, credited_invoice_id)
  where credited_invoice_id is not null;
alter table billing.quotes add foreign key (tenant_id, invoice_id) references billing.invoices (tenant_id, id);
create trigger invoices_touch_updated_at before update on billing.invoices
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.invoices');
select private.apply_audit_triggers('billing.invoices');
grant select, insert, update, delete on billing.invoices to billing_authenticated;

-- An issued document keeps its content: only payment state, dispute and cancellation move, and
-- the status never returns to draft. Deleting is for drafts only.
create or replace function private.billing_invoices_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_mutable text[] := array['status', 'paid_minor', 'credited_minor', 'disputed_at', 'cancelled_at', 'updated_at'];
begin
  if tg_op = 'DELETE' then
    if old.status <> 'draft' then
      raise exception 'Invoice % is issued: it is never deleted; issue a credit note to cancel it', old.number
        using errcode = '55000';
    end if;
    return old;
  end if;
  if old.status <> 'draft' then
    if new.status = 'draft' then
      raise exception 'Invoice % is issued: it cannot return to draft', old.number using errcode = '55000';
    end if;
    if (to_jsonb(new) - v_mutable) is distinct from (to_jsonb(old) - v_mutable) then
      raise exception 'Invoice % is issued: its content cannot change; issue a credit note to correct it', old.number
        using errcode = '55000';
    end if;
  end if;
  return new;
end
$$;
revoke all on function private.billing_invoices_guard() from public;
create trigger invoices_guard before update or delete on billing.invoices
  for each row execute function private.billing_invoices_guard();

-- Lines of quotes and invoices -----------------------------------------------------------------
create table billing.invoice_lines (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  invoice_id uuid not null,
  position integer not null check (position between 1 and 1000),
  product_id uuid,
  description text not null check (length(btrim(description)) between 1 and 1000),
  quantity_milli bigint not null check (quantity_milli between -1000000000000 and 1000000000000),
  unit_code text not null default 'C62' check (unit_code ~ '^[A-Z0-9]{2,3}$'),
  unit_price_minor bigint not null check (unit_price_minor between -100000000000 and 100000000000),
  vat_category text not null check (vat_category in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
  vat_rate_basis_points integer not null check (vat_rate_basis_points between 0 and 10000),
  exemption_reason text check (length(exemption_reason) <= 300),
  exemption_reason_code text check (exemption_reason_code ~ '^VATEX-[A-Z0-9-]{1,30}$'),
  net_minor bigint not null,
  unique (tenant_id, invoice_id, position),
  foreign key (tenant_id, invoice_id) references billing.invoices (tenant_id, id) on delete cascade,
  foreign key (tenant_id, product_id) references billing.products (tenant_id, id)
);
comment on table billing.invoice_lines is 'Lines of invoices and credit notes (net amounts rounded per line).';
select private.apply_tenant_policies('billing.invoice_lines');
grant select, insert, update, delete on billing.invoice_lines to billing_authenticated;

create table billing.quote_lines (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  quote_id uuid not null,
  position integer not null check (position between 1 and 1000),
  product_id uuid,
  description text not null check (length(btrim(description)) between 1 and 1000),
  quantity_milli bigint not null check (quantity_milli between -1000000000000 and 1000000000000),
  unit_code text not null default 'C62' check (unit_code ~ '^[A-Z0-9]{2,3}$'),
  unit_price_minor bigint not null check (unit_price_minor between -100000000000 and 100000000000),
  vat_category text not null check (vat_category in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
  vat_rate_basis_points integer not null check (vat_rate_basis_points between 0 and 10000),
  exemption_reason text check (length(exemption_reason) <= 300),
  exemption_reason_code text check (exemption_reason_code ~ '^VATEX-[A-Z0-9-]{1,30}$'),
  net_minor bigint not null,
  unique (tenant_id, quote_id, position),
  foreign key (tenant_id, quote_id) references billing.quotes (tenant_id, id) on delete cascade,
  foreign key (tenant_id, product_id) references billing.products (tenant_id, id)
);
comment on table billing.quote_lines is 'Lines of quotes.';
select private.apply_tenant_policies('billing.quote_lines');
grant select, insert, update, delete on billing.quote_lines to billing_authenticated;

-- Lines of an issued invoice never change, and a quote's lines only while it is a draft.
create or replace function private.billing_lines_guard() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_row record;
  v_status text;
begin
  if tg_op = 'DELETE' then v_row := old; else v_row := new; end if;
  if tg_table_name = 'invoice_lines' then
    select i.status into v_status from billing.invoices i
      where i.tenant_id = v_row.tenant_id and i.id = (to_jsonb(v_row) ->> 'invoice_id')::uuid;
  else
    select q.status into v_status from billing.quotes q
      where q.tenant_id = v_row.tenant_id and q.id = (to_jsonb(v_row) ->> 'quote_id')::uuid;
  end if;
  -- A missing parent is the cascade of a draft's deletion, or a foreign key error to come.
  if v_status is not null and v_status <> 'draft' then
    raise exception 'The lines of a % document cannot change', v_status using errcode = '55000';
  end if;
  return v_row;
end
$$;
revoke all on function private.billing_lines_guard() from public;
create trigger invoice_lines_guard before insert or update or delete on billing.invoice_lines
  for each row execute function private.billing_lines_guard();
create trigger quote_lines_guard before insert or update or delete on billing.quote_lines
  for each row execute function private.billing_lines_guard();

-- Payments and customer credit -----------------------------------------------------------------
create table billing.payments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  customer_id uuid not null,
  invoice_id uuid,
  amount_minor bigint not null check (amount_minor > 0 and amount_minor <= 100000000000),
  -- Part of amount_minor applied to the invoice; the rest became customer credit.
  applied_minor bigint not null default 0 check (applied_minor >= 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  method text not null check (method in ('transfer', 'card', 'sepa_debit', 'cash', 'cheque', 'customer_credit')),
  received_on date not null,
  reference text check (length(reference) <= 140),
  -- 'failed': a returned direct debit or a rejected cheque; its amount no longer counts.
  status text not null default 'succeeded' check (status in ('succeeded', 'failed')),
  failure_reason text check (length(failure_reason) <= 300),
  failed_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, customer_id) references billing.customers (tenant_id, id),
  foreign key (tenant_id, invoice_id) references billing.invoices (tenant_id, id),
  constraint payments_applied_within_amount check (applied_minor <= amount_minor),
  constraint payments_failure check ((status = 'failed') = (failed_at is not null))
);
comment on table billing.payments is 'Money received from customers, applied to an invoice; an overpayment becomes customer credit.';
create index payments_tenant_id_invoice_id_idx on billing.payments (tenant_id, invoice_id);
create index payments_tenant_id_received_on_idx on billing.payments (tenant_id, received_on desc, id desc);
create trigger payments_touch_updated_at before update on billing.payments
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.payments');
select private.apply_audit_triggers('billing.payments');
grant select, insert, update on billing.payments to billing_authenticated;

-- Customer credit as a ledger: + an overpayment or a refunded credit note, − credit used to pay
-- an invoice. The balance is the sum per customer and currency.
create table billing.customer_credit_entries (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  customer_id uuid not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  amount_minor bigint not null check (amount_minor <> 0),
  reason text not null check (reason in ('overpayment', 'credit_note', 'applied_to_invoice', 'payment_failed')),
  payment_id uuid,
  invoice_id uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, customer_id) references billing.customers (tenant_id, id),
  foreign key (tenant_id, payment_id) references billing.payments (tenant_id, id),
  foreign key (tenant_id, invoice_id) references billing.invoices (tenant_id, id)
);
comment on table billing.customer_credit_entries is 'Movements of a customer''s credit balance (minor units).';
create index customer_credit_entries_tenant_id_customer_id_idx
  on billing.customer_credit_entries (tenant_id, customer_id, currency);
select private.apply_tenant_policies('billing.customer_credit_entries');
select private.apply_audit_triggers('billing.customer_credit_entries');
grant select, insert on billing.customer_credit_entries to billing_authenticated;
