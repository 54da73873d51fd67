-- Billing: each tenant's plan (FREE / STARTER / PRO / ENTERPRISE) and Stripe subscription, monthly
-- quota counters, and the Stripe events already handled. The plan catalogue itself (features and
-- quotas) is code, versioned with the API (packages/contracts/src/billing/plans.ts).
--
-- Stripe webhooks arrive before any tenant is known, like auth's sign-in flows: they run as
-- `billing_webhook` (granted to billing_api only, like auth_admin to auth_api), whose policies
-- reach every tenant's subscription row and the event ledger, and nothing else.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'billing_webhook') then
    create role billing_webhook nologin noinherit;
  end if;
end
$$;
grant billing_webhook to billing_api;
grant usage on schema billing, platform to billing_webhook;
grant usage on schema private to billing_webhook;
grant execute on function private.current_tenant_id() to billing_webhook;

create table billing.subscriptions (
  tenant_id uuid primary key default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  -- Row identity for the audit log.
  id uuid not null unique default gen_random_uuid(),
  plan text not null default 'FREE' check (plan in ('FREE', 'STARTER', 'PRO', 'ENTERPRISE')),
  -- Stripe's subscription status (https://docs.stripe.com/api/subscriptions/object#subscription_object-status).
  status text not null default 'active'
    check (status in ('active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused')),
  stripe_customer_id text unique check (stripe_customer_id ~ '^cus_[A-Za-z0-9]+$'),
  stripe_subscription_id text unique check (stripe_subscription_id ~ '^sub_[A-Za-z0-9]+$'),
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  payment_failed_at timestamptz,
  -- Created time of the last Stripe event applied: an older event arriving late is not applied.
  last_event_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table billing.subscriptions is 'The plan of each tenant and its Stripe subscription (FREE without one).';
create trigger subscriptions_touch_updated_at before update on billing.subscriptions
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.subscriptions');
select private.apply_audit_triggers('billing.subscriptions');
create policy "the Stripe webhook reads subscriptions" on billing.subscriptions
  for select to billing_webhook using (true);
create policy "the Stripe webhook creates subscriptions" on billing.subscriptions
  for insert to billing_webhook with check (true);
create policy "the Stripe webhook updates subscriptions" on billing.subscriptions
  for update to billing_webhook using (true) with check (true);
grant select, insert, update on billing.subscriptions to billing_authenticated, billing_webhook;
grant select (id) on platform.tenants to billing_webhook;
create policy "the Stripe webhook checks a tenant exists" on platform.tenants
  for select to billing_webhook using (true);
grant insert on platform.audit_log to billing_webhook;
create policy "the Stripe webhook appends audit rows" on platform.audit_log
  for insert to billing_webhook with check (true);
grant insert on platform.outbox to billing_webhook;
create policy "the Stripe webhook emits events" on platform.outbox
  for insert to billing_webhook with check (true);

-- The tenant's plan as every service sees it (platform.tenants.plan) follows its subscription.
create or replace function private.billing_sync_tenant_plan() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update platform.tenants set plan = new.plan where id = new.tenant_id and plan is distinct from new.plan;
  return new;
end
$$;
revoke all on function private.billing_sync_tenant_plan() from public;
create trigger subscriptions_sync_tenant_plan after insert or update of plan on billing.subscriptions
  for each row execute function private.billing_sync_tenant_plan();

-- Usage counters per tenant, metric and month (the month of the tenant's time zone).
create table billing.quota_usage (
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  metric text not null check (metric ~ '^[a-z][a-z_]{0,39}$'),
  -- First day of the month counted.
  period_start date not null check (extract(day from period_start) = 1),
  used integer not null default 0 check (used >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, metric, period_start)
);
comment on table billing.quota_usage is 'How much of each monthly quota a tenant used; a new month starts a new row.';
select private.apply_tenant_policies('billing.quota_usage');
grant select, insert, update on billing.quota_usage to billing_authenticated;

-- Stripe events handled (ids only): a redelivered event is recognised and not applied twice.
create table billing.stripe_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9]+$'),
  type text not null check (length(type) <= 100),
  -- What was done: an action kind of services/billing/src/stripe/events.ts, or 'ignored'.
  outcome text not null check (length(outcome) <= 200),
  received_at timestamptz not null default now()
);
comment on table billing.stripe_events is
  'Stripe event ids already handled by the webhook (replay protection); no tenant data.';
alter table billing.stripe_events enable row level security;
alter table billing.stripe_events force row level security;
create policy "the Stripe webhook records events" on billing.stripe_events
  for all to billing_webhook using (true) with check (true);
grant select, insert, update on billing.stripe_events to billing_webhook;
