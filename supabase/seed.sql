-- Demo data: two tenants with members and contacts (Supabase CLI runs this file after the
-- migrations on `supabase db reset`; `pnpm db:seed` runs it on the platform's database).
-- Idempotent: every insert skips rows that exist. Every demo password is `demo-password`
-- (bcrypt, cost 12).
--
--   alice@atelier-dupont.example  OWNER of Atelier Dupont, MEMBER of Northwind Traders
--   carla@atelier-dupont.example  MEMBER of Atelier Dupont
--   bob@northwind.example         OWNER of Northwind Traders

insert into platform.tenants (id, slug, name, plan, time_zone, currency, locale) values
  ('a0000000-0000-4000-8000-000000000001', 'atelier-dupont', 'Atelier Dupont', 'PRO', 'Europe/Paris', 'EUR', 'fr-FR'),
  ('b0000000-0000-4000-8000-000000000002', 'northwind', 'Northwind Traders', 'STARTER', 'Europe/London', 'GBP', 'en-GB')
on conflict (id) do nothing;

insert into platform.users (id, email, password_hash, name, email_verified_at, last_tenant_id) values
  ('a1000000-0000-4000-8000-000000000001', 'alice@atelier-dupont.example',
   '$2b$12$dDrr0crQVwpoASa3e6wV3.AT0FepNiwiVMzxzWZfws7sK0Ux.h.Ey', 'Alice Dupont', now(),
   'a0000000-0000-4000-8000-000000000001'),
  ('a1000000-0000-4000-8000-000000000002', 'carla@atelier-dupont.example',
   '$2b$12$dDrr0crQVwpoASa3e6wV3.AT0FepNiwiVMzxzWZfws7sK0Ux.h.Ey', 'Carla Rossi', now(),
   'a0000000-0000-4000-8000-000000000001'),
  ('b1000000-0000-4000-8000-000000000001', 'bob@northwind.example',
   '$2b$12$dDrr0crQVwpoASa3e6wV3.AT0FepNiwiVMzxzWZfws7sK0Ux.h.Ey', 'Bob Smith', now(),
   'b0000000-0000-4000-8000-000000000002')
on conflict (id) do nothing;

insert into platform.memberships (tenant_id, user_id, role) values
  ('a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001', 'OWNER'),
  ('a0000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000002', 'MEMBER'),
  ('b0000000-0000-4000-8000-000000000002', 'b1000000-0000-4000-8000-000000000001', 'OWNER'),
  ('b0000000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001', 'MEMBER')
on conflict (tenant_id, user_id) do nothing;

-- Companies.
insert into crm.companies (id, tenant_id, name, domain, industry, tags, owner_id, created_at, updated_at) values
  ('c0a00000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'Boulangerie Léa', 'boulangerie-lea.example.fr', 'Food', '{client}', 'a1000000-0000-4000-8000-000000000001', now() - interval '30 days', now() - interval '30 days'),
  ('c0a00000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'Éditions Martin', 'editions-martin.example.fr', 'Publishing', '{prospect}', 'a1000000-0000-4000-8000-000000000002', now() - interval '25 days', now() - interval '25 days'),
  ('c0b00000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 'Brown & Taylor Ltd', 'browntaylor.example.co.uk', 'Consulting', '{client}', 'b1000000-0000-4000-8000-000000000001', now() - interval '20 days', now() - interval '20 days')
on conflict (id) do nothing;

-- Contacts, spread over the last weeks so lists have an order.
insert into crm.contacts (id, tenant_id, first_name, last_name, emails, phones, company_id, job_title, tags, owner_id, source, created_by, created_at, updated_at)
select
  ('c' || lpad(to_hex(p.n), 7, '0') || '-0000-4000-8000-' || lpad(to_hex(t.k), 12, '0'))::uuid,
  t.tenant_id,
  p.first_name,
  p.last_name,
  jsonb_build_array(jsonb_build_object('label', 'work', 'address',
    lower(translate(p.first_name || '.' || p.last_name, 'éèëçôïÉ ', 'eeecoiE')) || '@' || t.domain)),
  case when p.phone is null then '[]'::jsonb
       else jsonb_build_array(jsonb_build_object('label', 'mobile', 'number', p.phone, 'e164', p.e164)) end,
  case when p.n <= 2 then t.company_a when p.n <= 4 then t.company_b end,
  p.job_title,
  p.tags,
  t.owner,
  'seed',
  t.owner,
  now() - (p.n || ' days')::interval,
  now() - (p.n || ' days')::interval
from (values
  (1, 'a0000000-0000-4000-8000-000000000001'::uuid, 'a1000000-0000-4000-8000-000000000001'::uuid, 'example.fr',
   'c0a00000-0000-4000-8000-000000000001'::uuid, 'c0a00000-0000-4000-8000-000000000002'::uuid),
  (2, 'b0000000-0000-4000-8000-000000000002'::uuid, 'b1000000-0000-4000-8000-000000000001'::uuid, 'example.co.uk',
   'c0b00000-0000-4000-8000-000000000001'::uuid, null::uuid)
) as t (k, tenant_id, owner, domain, company_a, company_b)
cross join lateral (
  select row_number() over () as n, v.*
  from (values
    ('Élodie', 'Martin', '+33 6 12 34 56 78', '+33612345678', 'Owner', '{vip}'::text[]),
    ('Hugo', 'Bernard', '+33 6 23 45 67 89', '+33623456789', 'Baker', '{}'),
    ('Chloé', 'Petit', null, null, 'Editor', '{newsletter}'),
    ('Léa', 'Durand', '+33 7 34 56 78 90', '+33734567890', null, '{}'),
    ('Nathan', 'Leroy', null, null, null, '{}'),
    ('Olivia', 'Brown', '+44 20 7946 0958', '+442079460958', 'Director', '{vip}'),
    ('George', 'Taylor', '+44 161 496 0123', '+441614960123', null, '{}'),
    ('Amelia', 'Wilson', null, null, null, '{newsletter}')
  ) as v (first_name, last_name, phone, e164, job_title, tags)
) as p
on conflict (id) do nothing;

-- A sales pipeline per tenant, a few deals across its stages, activities and tasks.
insert into crm.pipelines (id, tenant_id, name, position) values
  ('d0a00000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'Sales', 0),
  ('d0b00000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 'Sales', 0)
on conflict (id) do nothing;

insert into crm.stages (id, tenant_id, pipeline_id, name, position, kind, probability)
select
  ('e' || substr(p.id::text, 2, 2) || lpad(to_hex(s.position), 5, '0') || substr(p.id::text, 9))::uuid,
  p.tenant_id, p.id, s.name, s.position, s.kind, s.probability
from crm.pipelines p
cross join (values
  ('Lead', 0, 'open', 10), ('Qualified', 1, 'open', 25), ('Proposal', 2, 'open', 50),
  ('Negotiation', 3, 'open', 75), ('Won', 4, 'won', 100), ('Lost', 5, 'lost', 0)
) as s (name, position, kind, probability)
where p.id in ('d0a00000-0000-4000-8000-000000000001', 'd0b00000-0000-4000-8000-000000000001')
on conflict (id) do nothing;

insert into crm.deals (id, tenant_id, pipeline_id, stage_id, title, amount_minor, currency, expected_close_date, company_id, contact_id, owner_id, rank)
select v.id, p.tenant_id, p.id, st.id, v.title, v.amount, t.currency, current_date + v.days, v.company_id, v.contact_id, v.owner_id, v.rank
from (values
  ('de000000-0000-4000-8000-0000000000a1'::uuid, 'd0a00000-0000-4000-8000-000000000001'::uuid, 'Lead', 'Wedding cakes 2027', 240000, 30,
   'c0a00000-0000-4000-8000-000000000001'::uuid, 'c0000001-0000-4000-8000-000000000001'::uuid, 'a1000000-0000-4000-8000-000000000001'::uuid, 1.0),
  ('de000000-0000-4000-8000-0000000000a2'::uuid, 'd0a00000-0000-4000-8000-000000000001'::uuid, 'Proposal', 'Catalogue redesign', 850000, 45,
   'c0a00000-0000-4000-8000-000000000002'::uuid, 'c0000003-0000-4000-8000-000000000001'::uuid, 'a1000000-0000-4000-8000-000000000002'::uuid, 1.0),
  ('de000000-0000-4000-8000-0000000000a3'::uuid, 'd0a00000-0000-4000-8000-000000000001'::uuid, 'Negotiation', 'Bakery website', 420000, 10,
   'c0a00000-0000-4000-8000-000000000001'::uuid, 'c0000002-0000-4000-8000-000000000001'::uuid, 'a1000000-0000-4000-8000-000000000001'::uuid, 1.0),
  ('de000000-0000-4000-8000-0000000000b1'::uuid, 'd0b00000-0000-4000-8000-000000000001'::uuid, 'Qualified', 'Strategy workshop', 1200000, 60,
   'c0b00000-0000-4000-8000-000000000001'::uuid, 'c0000006-0000-4000-8000-000000000002'::uuid, 'b1000000-0000-4000-8000-000000000001'::uuid, 1.0)
) as v (id, pipeline_id, stage_name, title, amount, days, company_id, contact_id, owner_id, rank)
join crm.pipelines p on p.id = v.pipeline_id
join crm.stages st on st.pipeline_id = p.id and st.name = v.stage_name
join platform.tenants t on t.id = p.tenant_id
on conflict (id) do nothing;

insert into crm.activities (id, tenant_id, type, subject, body, occurred_at, duration_minutes, contact_id, deal_id, created_by) values
  ('ac000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'call', 'Discovery call',
   'Wants three tiers and a tasting before March.', now() - interval '3 days', 25,
   'c0000001-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-0000000000a1', 'a1000000-0000-4000-8000-000000000001'),
  ('ac000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'note', 'Budget',
   'Budget confirmed by the owner.', now() - interval '1 day', null,
   'c0000001-0000-4000-8000-000000000001', null, 'a1000000-0000-4000-8000-000000000002')
on conflict (id) do nothing;

insert into crm.tasks (id, tenant_id, title, assignee_id, due_at, status, priority, contact_id, deal_id, created_by) values
  ('fa000000-0000-4000-8000-000000000001'::uuid, 'a0000000-0000-4000-8000-000000000001', 'Send the tasting invitation',
   'a1000000-0000-4000-8000-000000000001', now() + interval '2 days', 'open', 'high',
   'c0000001-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-0000000000a1', 'a1000000-0000-4000-8000-000000000001'),
  ('fa000000-0000-4000-8000-000000000002'::uuid, 'a0000000-0000-4000-8000-000000000001', 'Follow up on the catalogue proposal',
   'a1000000-0000-4000-8000-000000000002', now() - interval '1 day', 'open', 'normal',
   'c0000003-0000-4000-8000-000000000001', 'de000000-0000-4000-8000-0000000000a2', 'a1000000-0000-4000-8000-000000000001')
on conflict (id) do nothing;

-- Billing: Atelier Dupont's seller identity (complete enough to issue) and two customers linked
-- to its CRM companies. Tax rates are created on the tenant's first use of the billing API.
insert into billing.settings (tenant_id, legal_name, address_line1, postal_code, city, country_code, vat_number,
                              siren, siret, legal_form, registration, email, iban, bic, sepa_creditor_id) values
  ('a0000000-0000-4000-8000-000000000001', 'Atelier Dupont SAS', '12 rue de la République', '69002', 'Lyon', 'FR',
   'FR40303265045', '303265045', '30326504500011', 'SAS au capital de 10 000 €', 'RCS Lyon 303 265 045',
   'factures@atelier-dupont.example', 'FR7630006000011234567890189', 'AGRIFRPP', 'FR72ZZZ123456')
on conflict (tenant_id) do nothing;

insert into billing.customers (id, tenant_id, legal_name, email, address_line1, postal_code, city, country_code,
                               vat_number, siren, crm_company_id, created_by) values
  ('cb000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'Boulangerie Léa SARL',
   'compta@boulangerie-lea.example.fr', '3 place du Marché', '75011', 'Paris', 'FR', 'FR61542065479', '542065479',
   'c0a00000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001'),
  ('cb000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'Éditions Martin SA',
   'factures@editions-martin.example.fr', '8 rue des Imprimeurs', '69003', 'Lyon', 'FR', null, '732829320',
   'c0a00000-0000-4000-8000-000000000002', 'a1000000-0000-4000-8000-000000000001')
on conflict (id) do nothing;
