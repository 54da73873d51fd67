-- Billing: recurring invoices. A template (customer, lines, frequency) produces one invoice per
-- period, drafted or issued at once, by a job of the Postgres-backed queue; each period gives
-- exactly one invoice (unique (template, period)), so a rerun or a second replica adds nothing.

create table billing.recurring_invoices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  customer_id uuid not null,
  title text check (length(title) <= 200),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  frequency text not null check (frequency in ('monthly', 'quarterly', 'yearly')),
  -- The first period starts on start_date; period n starts on start_date + n × frequency
  -- (PostgreSQL date arithmetic: the 31st becomes the last day of shorter months).
  start_date date not null,
  end_date date,
  -- Periods invoiced so far; the next one starts on start_date + occurrences × frequency.
  occurrences integer not null default 0 check (occurrences >= 0),
  next_run_on date not null,
  -- Issue each invoice at once (numbered, e-mailable) or leave it as a draft to review.
  auto_issue boolean not null default false,
  status text not null default 'active' check (status in ('active', 'paused', 'ended')),
  -- [{ product_id?, description?, quantity_milli, unit_code?, unit_price_minor?, tax_rate_id? }]:
  -- resolved against the price list at each run.
  lines jsonb not null check (jsonb_typeof(lines) = 'array' and jsonb_array_length(lines) between 1 and 500),
  payment_terms_days integer check (payment_terms_days between 0 and 365),
  note text check (length(note) <= 5000),
  last_invoice_id uuid,
  last_error text check (length(last_error) <= 500),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, customer_id) references billing.customers (tenant_id, id),
  constraint recurring_invoices_end_after_start check (end_date is null or end_date >= start_date)
);
comment on table billing.recurring_invoices is 'Templates that invoice a customer every month, quarter or year.';
create index recurring_invoices_tenant_id_next_run_on_idx on billing.recurring_invoices (tenant_id, next_run_on)
  where status = 'active';
create trigger recurring_invoices_touch_updated_at before update on billing.recurring_invoices
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.recurring_invoices');
select private.apply_audit_triggers('billing.recurring_invoices');
grant select, insert, update on billing.recurring_invoices to billing_authenticated;

alter table billing.invoices
  add column recurring_invoice_id uuid,
  add column recurrence_period_start date,
  add foreign key (tenant_id, recurring_invoice_id) references billing.recurring_invoices (tenant_id, id),
  add constraint invoices_recurrence check ((recurring_invoice_id is null) = (recurrence_period_start is null));
create unique index invoices_tenant_id_recurring_period_idx
  on billing.invoices (tenant_id, recurring_invoice_id, recurrence_period_start)
  where recurring_invoice_id is not null;
alter table billing.recurring_invoices
  add foreign key (tenant_id, last_invoice_id) references billing.invoices (tenant_id, id);

-- Tenants with a template due (ids only); the job then runs as each tenant, under RLS.
create or replace function private.billing_tenants_with_recurring_due() returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct r.tenant_id
  from billing.recurring_invoices r
  join platform.tenants t on t.id = r.tenant_id
  where r.status = 'active' and r.next_run_on <= (now() at time zone t.time_zone)::date
$$;
revoke all on function private.billing_tenants_with_recurring_due() from public;
grant execute on function private.billing_tenants_with_recurring_due() to billing_api;
