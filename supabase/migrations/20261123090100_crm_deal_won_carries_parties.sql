-- crm.deal.won now carries the deal's company and contact as they are at that moment (name and
-- first e-mail): billing drafts a quote from the event alone, without calling back into the CRM
-- (event-carried state transfer), and each API keeps to its own schema.

create or replace function private.deals_stage_moved() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_actor uuid := nullif((select auth.jwt()) ->> 'sub', '')::uuid;
  v_company jsonb;
  v_contact jsonb;
begin
  if tg_op = 'UPDATE' and new.stage_id is not distinct from old.stage_id then
    return new;
  end if;
  insert into crm.deal_stage_history (tenant_id, deal_id, from_stage_id, to_stage_id, moved_by)
    values (new.tenant_id, new.id, case when tg_op = 'UPDATE' then old.stage_id end, new.stage_id, v_actor);
  if new.won_at is not null and (tg_op = 'INSERT' or old.won_at is null) then
    select jsonb_build_object('name', c.name, 'email', c.emails -> 0 ->> 'address') into v_company
      from crm.companies c where c.tenant_id = new.tenant_id and c.id = new.company_id;
    select jsonb_build_object('name', btrim(p.first_name || ' ' || p.last_name), 'email', p.emails -> 0 ->> 'address')
      into v_contact
      from crm.contacts p where p.tenant_id = new.tenant_id and p.id = new.contact_id;
    insert into platform.outbox (tenant_id, source, event_type, aggregate_type, aggregate_id, payload)
    values (new.tenant_id, 'crm', 'crm.deal.won', 'deal', new.id::text, jsonb_build_object(
      'deal_id', new.id, 'title', new.title, 'amount_minor', new.amount_minor, 'currency', new.currency,
      'company_id', new.company_id, 'company', v_company,
      'contact_id', new.contact_id, 'contact', v_contact,
      'owner_id', new.owner_id, 'pipeline_id', new.pipeline_id, 'stage_id', new.stage_id,
      'won_at', new.won_at, 'won_by', v_actor));
  end if;
  return new;
end
$$;
