-- CRM vertical, first table: contacts (people). Owned by `services/crm` (roles crm_api /
-- crm_authenticated). The CRM issue extends this schema (companies, deals, activities, tasks).

create schema if not exists crm;
select private.ensure_service_roles('crm', 'crm');
select private.grant_platform_access('crm');
grant usage on schema crm to crm_authenticated;

create table crm.contacts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  first_name text not null default '' check (length(first_name) <= 200),
  last_name text not null default '' check (length(last_name) <= 200),
  email text check (email is null or length(email) <= 254),
  phone text check (phone is null or length(phone) <= 50),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint contacts_name_present check (length(btrim(first_name)) + length(btrim(last_name)) > 0)
);
comment on table crm.contacts is 'People a tenant does business with.';

-- Newest-first listing of live contacts, the default order of the API (cursor: created_at, id).
create index contacts_tenant_id_created_at_idx on crm.contacts (tenant_id, created_at desc, id desc)
  where deleted_at is null;
create index contacts_tenant_id_deleted_at_idx on crm.contacts (tenant_id, deleted_at)
  where deleted_at is not null;

create trigger contacts_touch_updated_at before update on crm.contacts
  for each row execute function private.touch_updated_at();
create trigger contacts_audit after insert or update or delete on crm.contacts
  for each row execute function private.record_audit('tenant_id');

alter table crm.contacts enable row level security;
alter table crm.contacts force row level security;

create policy "members can read contacts of their tenant" on crm.contacts
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members can create contacts in their tenant" on crm.contacts
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "members can update contacts of their tenant" on crm.contacts
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()))
  with check (tenant_id = (select private.current_tenant_id()));
create policy "members can delete contacts of their tenant" on crm.contacts
  for delete to authenticated using (tenant_id = (select private.current_tenant_id()));

grant select, insert, update, delete on crm.contacts to crm_authenticated;
