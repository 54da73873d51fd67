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

-- Contacts, spread over the last weeks so lists have an order.
insert into crm.contacts (id, tenant_id, first_name, last_name, email, phone, created_by, created_at, updated_at)
select
  ('c' || lpad(to_hex(n), 7, '0') || '-0000-4000-8000-' || lpad(to_hex(t.k), 12, '0'))::uuid,
  t.tenant_id,
  p.first_name,
  p.last_name,
  lower(translate(p.first_name || '.' || p.last_name, 'éèëçôïÉ ', 'eeecoiE')) || '@' || t.domain,
  p.phone,
  t.owner,
  now() - (n || ' days')::interval,
  now() - (n || ' days')::interval
from (values
  (1, 'a0000000-0000-4000-8000-000000000001'::uuid, 'a1000000-0000-4000-8000-000000000001'::uuid, 'example.fr'),
  (2, 'b0000000-0000-4000-8000-000000000002'::uuid, 'b1000000-0000-4000-8000-000000000001'::uuid, 'example.co.uk')
) as t (k, tenant_id, owner, domain)
cross join lateral (
  select row_number() over () as n, v.first_name, v.last_name, v.phone
  from (values
    ('Élodie', 'Martin', '+33 6 12 34 56 78'),
    ('Hugo', 'Bernard', '+33 6 23 45 67 89'),
    ('Chloé', 'Petit', null),
    ('Léa', 'Durand', '+33 7 34 56 78 90'),
    ('Nathan', 'Leroy', null),
    ('Olivia', 'Brown', '+44 20 7946 0958'),
    ('George', 'Taylor', '+44 161 496 0123'),
    ('Amelia', 'Wilson', null)
  ) as v (first_name, last_name, phone)
) as p
on conflict (id) do nothing;
