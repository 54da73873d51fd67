-- Billing: SEPA Direct Debit Core. Mandates signed by customers, batches of collections exported
-- as pain.008.001.02, and the payments they record. A collection is recorded as a payment on its
-- collection date (SEPA debits settle unless returned); a return (R-transaction) marks the payment
-- failed, which puts the amount back on the invoice and starts dunning.

create table billing.sepa_mandates (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  customer_id uuid not null,
  -- Unique mandate reference (EPC AT-01), unique per creditor (tenant).
  reference text not null check (length(reference) between 1 and 35),
  signed_on date not null,
  type text not null default 'recurrent' check (type in ('recurrent', 'one_off')),
  debtor_name text not null check (length(btrim(debtor_name)) between 1 and 70),
  -- Electronic format (no spaces), checked by the API (ISO 13616 check digits, SEPA country).
  debtor_iban text not null check (debtor_iban ~ '^[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}$'),
  debtor_bic text check (debtor_bic ~ '^[A-Z]{6}[0-9A-Z]{2}([0-9A-Z]{3})?$'),
  status text not null default 'active' check (status in ('active', 'revoked')),
  -- Collections presented and not rejected before settlement: FRST for the first, RCUR after.
  collections_presented integer not null default 0 check (collections_presented >= 0),
  revoked_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, reference),
  foreign key (tenant_id, customer_id) references billing.customers (tenant_id, id),
  constraint sepa_mandates_revocation check ((status = 'revoked') = (revoked_at is not null)),
  constraint sepa_mandates_one_off check (type = 'recurrent' or collections_presented <= 1)
);
comment on table billing.sepa_mandates is 'SEPA Direct Debit Core mandates signed by customers.';
create index sepa_mandates_tenant_id_customer_id_idx on billing.sepa_mandates (tenant_id, customer_id);
create trigger sepa_mandates_touch_updated_at before update on billing.sepa_mandates
  for each row execute function private.touch_updated_at();
select private.apply_tenant_policies('billing.sepa_mandates');
select private.apply_audit_triggers('billing.sepa_mandates');
grant select, insert, update on billing.sepa_mandates to billing_authenticated;

create table billing.sepa_batches (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  -- GrpHdr/MsgId, unique per creditor.
  message_id text not null check (length(message_id) between 1 and 35),
  collection_date date not null,
  transaction_count integer not null check (transaction_count > 0),
  control_sum_minor bigint not null check (control_sum_minor > 0),
  -- The exported pain.008.001.02 document, kept as sent to the bank.
  xml text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, message_id)
);
comment on table billing.sepa_batches is 'Direct debit batches exported as pain.008.001.02 XML.';
create index sepa_batches_tenant_id_created_at_idx on billing.sepa_batches (tenant_id, created_at desc, id desc);
select private.apply_tenant_policies('billing.sepa_batches');
select private.apply_audit_triggers('billing.sepa_batches');
grant select, insert on billing.sepa_batches to billing_authenticated;

alter table billing.payments
  add column sepa_mandate_id uuid,
  add column sepa_batch_id uuid,
  -- EndToEndId of the collection (AT-10): R-transactions quote it.
  add column end_to_end_id text check (length(end_to_end_id) between 1 and 35),
  add foreign key (tenant_id, sepa_mandate_id) references billing.sepa_mandates (tenant_id, id),
  add foreign key (tenant_id, sepa_batch_id) references billing.sepa_batches (tenant_id, id),
  add constraint payments_sepa_fields check (
    (sepa_batch_id is null) or (method = 'sepa_debit' and sepa_mandate_id is not null and end_to_end_id is not null));
create unique index payments_tenant_id_end_to_end_id_idx on billing.payments (tenant_id, end_to_end_id)
  where end_to_end_id is not null;
