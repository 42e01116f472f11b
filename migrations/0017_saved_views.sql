-- Saved views: a named pipeline, layout (board or table), filters and sort of a screen,
-- either personal (its owner's alone) or shared with the whole team. Keyed by tenant
-- like every table since migration 0005, references carrying tenant_id.

create table saved_views (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- The screen the view belongs to; each screen validates its own filters.
  screen text not null check (screen in ('deals')),
  name text not null check (length(name) between 1 and 100),
  scope text not null check (scope in ('personal', 'shared')),
  -- The member a personal view belongs to: it goes when their membership does. Null for shared views.
  owner_id uuid,
  -- Who made it, who may change a shared view besides the admins; null: an API key, or a member since removed.
  created_by uuid,
  layout text not null default 'board' check (layout in ('board', 'table')),
  -- Null: the screen's first pipeline, also when the view's pipeline is deleted.
  pipeline_id uuid,
  filters jsonb not null default '{}' check (jsonb_typeof(filters) = 'object'),
  sort text check (length(sort) <= 40),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check ((scope = 'personal') = (owner_id is not null)),
  foreign key (tenant_id, owner_id) references memberships (tenant_id, user_id) on delete cascade,
  foreign key (tenant_id, created_by) references memberships (tenant_id, user_id) on delete set null (created_by),
  foreign key (tenant_id, pipeline_id) references pipelines (tenant_id, id) on delete set null (pipeline_id)
);
-- Names are unique, whatever their case, among a member's personal views and among the shared ones.
create unique index saved_views_personal_name_key on saved_views (tenant_id, owner_id, screen, lower(name)) where scope = 'personal';
create unique index saved_views_shared_name_key on saved_views (tenant_id, screen, lower(name)) where scope = 'shared';
-- The views menu of a screen, in the order they were made.
create index saved_views_screen_idx on saved_views (tenant_id, screen, created_at, id);

alter table saved_views enable row level security;
alter table saved_views force row level security;
create policy tenant_isolation on saved_views using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update, delete on saved_views to reos_app;

-- A personal view exists for its owner only: the database hides it from every other
-- member, so no route can leak or change it. Without app.member_id (API keys, jobs)
-- only shared views exist. Restrictive: it narrows the tenant policy, for writes too.
create policy own_personal_views on saved_views as restrictive to reos_app
  using (scope = 'shared' or owner_id = current_uuid_setting('app.member_id'));
