-- Platform: tenants, identity, audit, idempotency, outbox.
--
-- Tenant isolation: every table with a tenant_id column has row-level security
-- enabled and FORCED, with policies on the transaction-local setting app.tenant_id.
-- The application runs as reos_app (NOLOGIN, no BYPASSRLS) inside each transaction;
-- migrations run as the connecting owner.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'reos_app') then
    create role reos_app nologin nobypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'reos_worker') then
    create role reos_worker nologin nobypassrls;
  end if;
end
$$;
-- reos_app: request and job code, confined to one tenant by RLS.
-- reos_worker: the platform's cross-tenant chores (outbox dispatch, purges), confined by its own policies.
-- The connecting role switches to these per transaction, so it must be a member.
grant reos_app to current_user;
grant reos_worker to current_user;
grant usage on schema public to reos_app, reos_worker;

-- The tenant of the current transaction, or null when none is set (matches no row).
create function current_tenant_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- A uuid-valued transaction setting used by the narrow credential-lookup policies.
create function current_uuid_setting(name text) returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting(name, true), '')::uuid $$;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
grant select, insert, update on tenants to reos_app;

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and length(email) <= 320),
  name text not null default '' check (length(name) <= 200),
  password_hash text not null,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (email);
grant select, insert, update on users to reos_app;

create table memberships (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index memberships_user_idx on memberships (user_id);
alter table memberships enable row level security;
alter table memberships force row level security;
create policy tenant_isolation on memberships
  using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
-- A signed-in user may list their own memberships in every tenant (login, tenant switcher).
create policy own_memberships on memberships for select
  using (user_id = current_uuid_setting('app.user_id'));
grant select, insert, update, delete on memberships to reos_app;

-- Refresh-token families. A session belongs to a user; current_tenant_id is the
-- tenant its access tokens are issued for.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  current_tenant_id uuid not null references tenants (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoke_reason text,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);
grant select, insert, update, delete on sessions to reos_app;

create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);
grant select, insert, update on refresh_tokens to reos_app;

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  role text not null check (role in ('admin', 'member', 'viewer')),
  prefix text not null,
  secret_hash text not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_tenant_idx on api_keys (tenant_id, created_at desc);
alter table api_keys enable row level security;
alter table api_keys force row level security;
create policy tenant_isolation on api_keys
  using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
-- Authentication reads the one key named by the presented token, before the tenant is known.
create policy key_lookup on api_keys for select
  using (id = current_uuid_setting('app.api_key_id'));
grant select, insert, update on api_keys to reos_app;

create table invitations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  email text not null check (email = lower(email)),
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  secret_hash text not null,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id) on delete set null,
  revoked_at timestamptz
);
create index invitations_tenant_idx on invitations (tenant_id, created_at desc);
alter table invitations enable row level security;
alter table invitations force row level security;
create policy tenant_isolation on invitations
  using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
create policy invitation_lookup on invitations for select
  using (id = current_uuid_setting('app.invitation_id'));
grant select, insert, update on invitations to reos_app;

-- Append-only: the application may write and read, never change or delete.
create table audit_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  actor_label text not null default '',
  action text not null,
  entity_type text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  diff jsonb,
  request_id text,
  ip text
);
create index audit_events_tenant_time_idx on audit_events (tenant_id, id desc);
create index audit_events_entity_idx on audit_events (tenant_id, entity_type, entity_id);
create index audit_events_actor_idx on audit_events (tenant_id, actor_id);
alter table audit_events enable row level security;
alter table audit_events force row level security;
create policy tenant_isolation on audit_events
  using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert on audit_events to reos_app;

create table idempotency_keys (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  key text not null check (length(key) between 1 and 255),
  actor_id uuid,
  method text not null,
  path text not null,
  request_hash text not null,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  response_status integer,
  response_body jsonb,
  primary key (tenant_id, key)
);
alter table idempotency_keys enable row level security;
alter table idempotency_keys force row level security;
create policy tenant_isolation on idempotency_keys
  using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
-- Housekeeping may delete keys past their 24-hour life, in every tenant, and nothing else.
create policy purge_expired on idempotency_keys for delete to reos_worker
  using (created_at < now() - interval '24 hours');
grant select, insert, update, delete on idempotency_keys to reos_app;
grant select, delete on idempotency_keys to reos_worker;

-- Domain events written in the same transaction as the change they describe.
-- Tenants may only append; the platform worker role (reos_worker) reads, marks and
-- purges them across tenants.
create table outbox_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  type text not null,
  payload jsonb not null default '{}',
  request_id text,
  created_at timestamptz not null default now(),
  dispatched_at timestamptz
);
create index outbox_events_pending_idx on outbox_events (id) where dispatched_at is null;
alter table outbox_events enable row level security;
alter table outbox_events force row level security;
create policy tenant_append on outbox_events for insert to reos_app
  with check (tenant_id = current_tenant_id());
create policy dispatcher_all on outbox_events for all to reos_worker using (true) with check (true);
grant insert on outbox_events to reos_app;
grant select, update, delete on outbox_events to reos_worker;

-- Failed-login throttling shared by every API process; keys are 'account:<email>' or 'ip:<addr>'.
create table auth_throttle (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  blocked_until timestamptz
);
grant select, insert, update, delete on auth_throttle to reos_app;

-- Secrets the installation generates for itself (token signing key); owner only.
create table instance_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);
revoke all on instance_secrets from public;
