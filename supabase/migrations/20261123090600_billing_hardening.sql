-- Billing hardening, after review:
-- 1. A tenant's plan is written by the Stripe webhook only: the request role may create the FREE
--    row of its own tenant, never choose or change a plan (the plan is mirrored on
--    platform.tenants, which every service trusts).
-- 2. The webhook role appends only its own audit rows and subscription events.
-- 3. The French default tax rates are created once even when a tenant's first two requests
--    arrive together (they raced to a unique violation).

revoke insert, update on billing.subscriptions from billing_authenticated;
grant insert (tenant_id) on billing.subscriptions to billing_authenticated;

drop policy "the Stripe webhook emits events" on platform.outbox;
create policy "the Stripe webhook emits subscription events" on platform.outbox
  for insert to billing_webhook
  with check (source = 'billing' and event_type like 'billing.subscription.%');
drop policy "the Stripe webhook appends audit rows" on platform.audit_log;
create policy "the Stripe webhook appends subscription audit rows" on platform.audit_log
  for insert to billing_webhook
  with check (entity_type = 'billing.subscriptions');

create or replace function billing.ensure_default_tax_rates() returns void
language plpgsql
set search_path = ''
as $$
declare
  v_tenant uuid := (select private.current_tenant_id());
begin
  if v_tenant is null then
    return;
  end if;
  -- Serialises the first use of a tenant; released at the end of the transaction.
  perform pg_advisory_xact_lock(hashtextextended('billing.default_tax_rates:' || v_tenant::text, 0));
  if exists (select 1 from billing.tax_rates t where t.tenant_id = v_tenant) then
    return;
  end if;
  insert into billing.tax_rates (name, rate_basis_points, vat_category, exemption_reason, exemption_reason_code, is_default)
  values
    ('TVA 20 %', 2000, 'S', null, null, true),
    ('TVA 10 %', 1000, 'S', null, null, false),
    ('TVA 5,5 %', 550, 'S', null, null, false),
    ('TVA 2,1 %', 210, 'S', null, null, false),
    ('Franchise en base', 0, 'E', 'TVA non applicable, art. 293 B du CGI', 'VATEX-FR-FRANCHISE', false),
    ('Autoliquidation (UE)', 0, 'AE', 'Autoliquidation – art. 283-2 du CGI, art. 196 de la directive 2006/112/CE', 'VATEX-EU-AE', false),
    ('Livraison intracommunautaire', 0, 'K', 'Exonération de TVA, art. 262 ter I du CGI', 'VATEX-EU-IC', false),
    ('Exportation', 0, 'G', 'Exonération de TVA, art. 262 I du CGI', 'VATEX-EU-G', false);
end
$$;
