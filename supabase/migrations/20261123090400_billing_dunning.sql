-- Billing: dunning. Each tenant has a schedule of steps (days after the due date; reminders, then
-- a formal notice); a job of the Postgres-backed queue sends the step an overdue invoice has
-- reached, by e-mail with the reminder PDF attached, and records every step (sent, skipped, or
-- without an address). Disputed invoices wait; paid or cancelled ones are never reminded.
--
-- E-mails go through platform.emails (the platform's e-mail outbox, delivered by the auth
-- service's mailer), which gains attachments for it.

alter table platform.emails
  add column attachments jsonb not null default '[]' check (jsonb_typeof(attachments) = 'array');
comment on column platform.emails.attachments is
  'Files sent with the e-mail: [{ "filename", "content_type", "content_base64" }].';
grant select (id, tenant_id, to_address, subject, template, status, created_at), insert on platform.emails
  to billing_authenticated;

alter table billing.settings add column dunning_enabled boolean not null default true;

create table billing.dunning_steps (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  position integer not null check (position between 1 and 20),
  -- Days after the due date when the step is due.
  offset_days integer not null check (offset_days between 1 and 365),
  kind text not null check (kind in ('reminder', 'formal_notice')),
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, position)
);
comment on table billing.dunning_steps is 'The dunning schedule of a tenant, in days after the due date.';
select private.apply_tenant_policies('billing.dunning_steps');
select private.apply_audit_triggers('billing.dunning_steps');
grant select, insert, update, delete on billing.dunning_steps to billing_authenticated;

create table billing.dunning_events (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  invoice_id uuid not null,
  -- The step as it was (the schedule may change later).
  step_position integer not null,
  kind text not null check (kind in ('reminder', 'formal_notice')),
  offset_days integer not null,
  days_past_due integer not null,
  balance_due_minor bigint not null,
  -- sent: e-mail queued; skipped: a later step was due already; no_email: the customer has no address.
  outcome text not null check (outcome in ('sent', 'skipped', 'no_email')),
  email_id uuid references platform.emails (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, invoice_id, step_position),
  foreign key (tenant_id, invoice_id) references billing.invoices (tenant_id, id)
);
comment on table billing.dunning_events is 'Every dunning step taken for an invoice.';
create index dunning_events_tenant_id_created_at_idx on billing.dunning_events (tenant_id, created_at desc);
select private.apply_tenant_policies('billing.dunning_events');
grant select, insert on billing.dunning_events to billing_authenticated;

-- Tenants with an invoice dunning may have to act on: issued or partially paid, past due, not
-- disputed. The scheduler visits only those (ids only; each visit then runs as that tenant, under
-- RLS).
create or replace function private.billing_tenants_to_dun() returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct i.tenant_id
  from billing.invoices i
  join platform.tenants t on t.id = i.tenant_id
  where i.kind = 'invoice' and i.status in ('issued', 'partially_paid') and i.disputed_at is null
    and i.due_date < (now() at time zone t.time_zone)::date
$$;
revoke all on function private.billing_tenants_to_dun() from public;
grant execute on function private.billing_tenants_to_dun() to billing_api;
