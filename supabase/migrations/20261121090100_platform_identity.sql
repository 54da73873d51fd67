-- Platform foundation, part 2: tenants, users, memberships, invitations, sessions, refresh
-- tokens, MFA, API keys and the email outbox. Owned by the auth service (`services/auth`).
--
-- Roles:
--   auth_api            login role of the auth service;
--   auth_authenticated  its per-request role for tenant-scoped endpoints (RLS as `authenticated`);
--   auth_admin          its role for identity flows that run before a tenant is known (signup,
--                       login, refresh, password reset), like Supabase's supabase_auth_admin.
--                       It is granted only the identity tables below, with explicit policies.

create schema if not exists platform;
select private.ensure_service_roles('auth', 'platform');

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'auth_admin') then
    create role auth_admin nologin noinherit;
  end if;
end
$$;
grant auth_admin to auth_api;
grant usage on schema platform to auth_admin, auth_authenticated;
grant usage on schema private to auth_admin;
grant execute on function private.current_tenant_id() to auth_admin;
grant usage on schema auth to auth_admin;

-- Tenants ----------------------------------------------------------------------------------------
create table platform.tenants (
  id uuid primary key default gen_random_uuid(),
  -- A DNS label (RFC 1123): the tenant's host name part on the platform's domain.
  slug text not null unique
    check (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' and length(slug) >= 3),
  name text not null check (length(btrim(name)) between 1 and 200),
  plan text not null default 'FREE' check (plan in ('FREE', 'STARTER', 'PRO', 'ENTERPRISE')),
  -- IANA time zone name; validated by the API against the runtime's tz database.
  time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64),
  -- ISO 4217 alphabetic code.
  currency char(3) not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  locale text not null default 'fr-FR' check (locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table platform.tenants is 'One customer account; its id is the tenant_id of all tenant data.';

-- Users: global identities (one login for every tenant and vertical) -----------------------------
create table platform.users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and length(email) between 3 and 254),
  password_hash text not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  email_verified_at timestamptz,
  last_tenant_id uuid references platform.tenants (id) on delete set null,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table platform.users is 'Global user identities; not tenant data (a user may belong to several tenants).';

-- Memberships: a user's role in a tenant ----------------------------------------------------------
create table platform.memberships (
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  user_id uuid not null references platform.users (id) on delete cascade,
  role text not null check (role in ('OWNER', 'ADMIN', 'MANAGER', 'MEMBER', 'CLIENT')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index memberships_user_id_idx on platform.memberships (user_id);

-- Invitations ------------------------------------------------------------------------------------
create table platform.invitations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  email text not null check (email = lower(email) and length(email) between 3 and 254),
  role text not null check (role in ('OWNER', 'ADMIN', 'MANAGER', 'MEMBER', 'CLIENT')),
  -- SHA-256 of the token sent by email; the token itself is never stored.
  token_hash text not null unique,
  invited_by uuid references platform.users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references platform.users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index invitations_tenant_id_created_at_idx on platform.invitations (tenant_id, created_at desc);
create unique index invitations_one_pending_per_email_idx on platform.invitations (tenant_id, email)
  where accepted_at is null and revoked_at is null;

-- Sessions and rotating refresh tokens -------------------------------------------------------
-- A session is one sign-in on one device. Its refresh tokens form one family: each refresh
-- rotates the token; presenting an already-rotated token revokes the whole session.
create table platform.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references platform.users (id) on delete cascade,
  -- The tenant the session currently acts for (switching tenant updates it).
  active_tenant_id uuid references platform.tenants (id) on delete set null,
  aal text not null default 'aal1' check (aal in ('aal1', 'aal2')),
  user_agent text,
  ip inet,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text
);
create index sessions_user_id_idx on platform.sessions (user_id);

create table platform.refresh_tokens (
  id bigint generated always as identity primary key,
  session_id uuid not null references platform.sessions (id) on delete cascade,
  token_hash text not null unique,
  parent_id bigint references platform.refresh_tokens (id) on delete cascade,
  created_at timestamptz not null default now(),
  rotated_at timestamptz,
  revoked_at timestamptz
);
create index refresh_tokens_session_id_idx on platform.refresh_tokens (session_id);

-- One-time tokens: password reset and email verification (hashes only) -------------------------
create table platform.one_time_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references platform.users (id) on delete cascade,
  purpose text not null check (purpose in ('password_reset', 'email_verification')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index one_time_tokens_user_id_idx on platform.one_time_tokens (user_id, purpose);

-- TOTP multi-factor authentication (RFC 6238) ------------------------------------------------
create table platform.mfa_factors (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references platform.users (id) on delete cascade,
  factor_type text not null default 'totp' check (factor_type = 'totp'),
  -- Base32 shared secret, encrypted by the auth service (AES-256-GCM, AUTH_ENCRYPTION_KEY).
  secret_encrypted text not null,
  status text not null default 'unverified' check (status in ('unverified', 'verified')),
  -- Last accepted time step, so a code is never accepted twice (RFC 6238 section 5.2).
  last_used_step bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index mfa_factors_one_verified_per_user_idx on platform.mfa_factors (user_id)
  where status = 'verified';

create table platform.mfa_recovery_codes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references platform.users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index mfa_recovery_codes_user_id_idx on platform.mfa_recovery_codes (user_id);

-- Personal API keys: scoped to one tenant and a permission set, shown once, stored hashed -------
create table platform.api_keys (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  user_id uuid not null references platform.users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  -- Public lookup part of the key (`cpt_<prefix>_<secret>`), unique, safe to display.
  prefix text not null unique,
  -- SHA-256 of the secret part (high-entropy random, so a fast hash is appropriate).
  key_hash text not null,
  permissions text[] not null check (cardinality(permissions) between 1 and 200),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index api_keys_tenant_id_created_at_idx on platform.api_keys (tenant_id, created_at desc);

-- Email outbox: every email is stored first; a worker sends it over SMTP when configured --------
create table platform.emails (
  id uuid primary key default gen_random_uuid(),
  -- Null for emails about the user rather than a tenant (password reset, verification).
  tenant_id uuid references platform.tenants (id) on delete cascade,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  template text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'stored', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index emails_tenant_id_created_at_idx on platform.emails (tenant_id, created_at desc);
create index emails_queued_idx on platform.emails (created_at) where status = 'queued';

-- updated_at triggers ----------------------------------------------------------------------------
create trigger tenants_touch_updated_at before update on platform.tenants
  for each row execute function private.touch_updated_at();
create trigger users_touch_updated_at before update on platform.users
  for each row execute function private.touch_updated_at();
create trigger memberships_touch_updated_at before update on platform.memberships
  for each row execute function private.touch_updated_at();
create trigger invitations_touch_updated_at before update on platform.invitations
  for each row execute function private.touch_updated_at();
create trigger mfa_factors_touch_updated_at before update on platform.mfa_factors
  for each row execute function private.touch_updated_at();
create trigger api_keys_touch_updated_at before update on platform.api_keys
  for each row execute function private.touch_updated_at();

-- Row Level Security: enabled and forced everywhere -------------------------------------------
alter table platform.tenants enable row level security;
alter table platform.tenants force row level security;
alter table platform.users enable row level security;
alter table platform.users force row level security;
alter table platform.memberships enable row level security;
alter table platform.memberships force row level security;
alter table platform.invitations enable row level security;
alter table platform.invitations force row level security;
alter table platform.sessions enable row level security;
alter table platform.sessions force row level security;
alter table platform.refresh_tokens enable row level security;
alter table platform.refresh_tokens force row level security;
alter table platform.one_time_tokens enable row level security;
alter table platform.one_time_tokens force row level security;
alter table platform.mfa_factors enable row level security;
alter table platform.mfa_factors force row level security;
alter table platform.mfa_recovery_codes enable row level security;
alter table platform.mfa_recovery_codes force row level security;
alter table platform.api_keys enable row level security;
alter table platform.api_keys force row level security;
alter table platform.emails enable row level security;
alter table platform.emails force row level security;

-- Tenant-scoped policies for `authenticated` (the request role of every service) ---------------
-- tenants: keyed by id, which is the tenant id.
create policy "members can read their current tenant" on platform.tenants
  for select to authenticated using (id = (select private.current_tenant_id()));
-- The tenant switcher lists every tenant the user belongs to.
create policy "members can read tenants they belong to" on platform.tenants
  for select to authenticated using (
    id in (select m.tenant_id from platform.memberships m where m.user_id = (select auth.uid()))
  );
create policy "members can update their current tenant" on platform.tenants
  for update to authenticated
  using (id = (select private.current_tenant_id()))
  with check (id = (select private.current_tenant_id()));

-- users: a member sees themself and the members of their current tenant.
create policy "members can read users of their tenant" on platform.users
  for select to authenticated using (
    id = (select auth.uid())
    or id in (
      select m.user_id from platform.memberships m
      where m.tenant_id = (select private.current_tenant_id())
    )
  );

-- memberships
create policy "members can read memberships of their tenant" on platform.memberships
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "users can read their own memberships" on platform.memberships
  for select to authenticated using (user_id = (select auth.uid()));
create policy "members can add memberships to their tenant" on platform.memberships
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "members can update memberships of their tenant" on platform.memberships
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()))
  with check (tenant_id = (select private.current_tenant_id()));
create policy "members can delete memberships of their tenant" on platform.memberships
  for delete to authenticated using (tenant_id = (select private.current_tenant_id()));

-- invitations
create policy "members can read invitations of their tenant" on platform.invitations
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members can create invitations in their tenant" on platform.invitations
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "members can update invitations of their tenant" on platform.invitations
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()))
  with check (tenant_id = (select private.current_tenant_id()));
create policy "members can delete invitations of their tenant" on platform.invitations
  for delete to authenticated using (tenant_id = (select private.current_tenant_id()));

-- api_keys
create policy "members can read api keys of their tenant" on platform.api_keys
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members can create api keys in their tenant" on platform.api_keys
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "members can update api keys of their tenant" on platform.api_keys
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()))
  with check (tenant_id = (select private.current_tenant_id()));
create policy "members can delete api keys of their tenant" on platform.api_keys
  for delete to authenticated using (tenant_id = (select private.current_tenant_id()));

-- emails (tenant emails only; user emails have a null tenant_id and never match)
create policy "members can read emails of their tenant" on platform.emails
  for select to authenticated using (tenant_id = (select private.current_tenant_id()));
create policy "members can queue emails for their tenant" on platform.emails
  for insert to authenticated with check (tenant_id = (select private.current_tenant_id()));
create policy "members can update emails of their tenant" on platform.emails
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()))
  with check (tenant_id = (select private.current_tenant_id()));
create policy "members can delete emails of their tenant" on platform.emails
  for delete to authenticated using (tenant_id = (select private.current_tenant_id()));

-- sessions and MFA factors: a user sees their own.
create policy "users can read their own sessions" on platform.sessions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "users can read their own mfa factors" on platform.mfa_factors
  for select to authenticated using (user_id = (select auth.uid()));

-- Identity-flow policies for auth_admin (the auth service only; no other role is granted it) ----
create policy "auth service manages tenants" on platform.tenants
  for all to auth_admin using (true) with check (true);
create policy "auth service manages users" on platform.users
  for all to auth_admin using (true) with check (true);
create policy "auth service manages memberships" on platform.memberships
  for all to auth_admin using (true) with check (true);
create policy "auth service manages invitations" on platform.invitations
  for all to auth_admin using (true) with check (true);
create policy "auth service manages sessions" on platform.sessions
  for all to auth_admin using (true) with check (true);
create policy "auth service manages refresh tokens" on platform.refresh_tokens
  for all to auth_admin using (true) with check (true);
create policy "auth service manages one-time tokens" on platform.one_time_tokens
  for all to auth_admin using (true) with check (true);
create policy "auth service manages mfa factors" on platform.mfa_factors
  for all to auth_admin using (true) with check (true);
create policy "auth service manages recovery codes" on platform.mfa_recovery_codes
  for all to auth_admin using (true) with check (true);
create policy "auth service manages api keys" on platform.api_keys
  for all to auth_admin using (true) with check (true);
create policy "auth service manages emails" on platform.emails
  for all to auth_admin using (true) with check (true);

-- Grants -----------------------------------------------------------------------------------------
grant select, insert, update, delete on
  platform.tenants, platform.users, platform.memberships, platform.invitations,
  platform.sessions, platform.refresh_tokens, platform.one_time_tokens,
  platform.mfa_factors, platform.mfa_recovery_codes, platform.api_keys, platform.emails
  to auth_admin;

grant select, update (name, time_zone, currency, locale) on platform.tenants to auth_authenticated;
grant select (id, email, name, email_verified_at, created_at) on platform.users to auth_authenticated;
grant select, insert, update (role), delete on platform.memberships to auth_authenticated;
grant select, insert, update (revoked_at), delete on platform.invitations to auth_authenticated;
grant select, insert, update (name, revoked_at), delete on platform.api_keys to auth_authenticated;
grant select (id, user_id, active_tenant_id, aal, user_agent, created_at, refreshed_at, revoked_at)
  on platform.sessions to auth_authenticated;
grant select (id, user_id, factor_type, status, created_at) on platform.mfa_factors to auth_authenticated;
grant select, insert on platform.emails to auth_authenticated;

-- API-key verification for every service, before any tenant is known: returns the key's tenant,
-- owner, permissions and the owner's current role, or nothing when the key is unknown, revoked,
-- expired or its owner has left the tenant. Security definer: it reads across tenants, so it
-- takes only the public prefix and the hash and returns only that one key's scope.
create or replace function private.verify_api_key(p_prefix text, p_key_hash text)
returns table (api_key_id uuid, tenant_id uuid, user_id uuid, email text, permissions text[], tenant_role text)
language sql stable security definer
set search_path = ''
as $$
  select k.id, k.tenant_id, k.user_id, u.email, k.permissions, m.role
  from platform.api_keys k
  join platform.memberships m on m.tenant_id = k.tenant_id and m.user_id = k.user_id
  join platform.users u on u.id = k.user_id
  where k.prefix = p_prefix
    and k.key_hash = p_key_hash
    and k.revoked_at is null
    and (k.expires_at is null or k.expires_at > now())
$$;
revoke all on function private.verify_api_key(text, text) from public;

-- Records that a key was used, at most once a minute, so verification stays read-mostly.
create or replace function private.touch_api_key(p_api_key_id uuid) returns void
language sql security definer
set search_path = ''
as $$
  update platform.api_keys set last_used_at = now()
  where id = p_api_key_id and (last_used_at is null or last_used_at < now() - interval '1 minute')
$$;
revoke all on function private.touch_api_key(uuid) from public;
