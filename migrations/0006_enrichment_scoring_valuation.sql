-- Enrichment (providers, their calls, cache and budgets; derived signals), the
-- motivation score (outcomes, weights, learned models) and valuation settings.
-- Every table is tenant-owned: tenant_id, RLS enabled and forced, policy on app.tenant_id;
-- references to parcels carry the tenant (see 0005).

-- Where a parcel's coordinates come from: the list itself, a geocoder, or the ZIP
-- centroid (approximate); and its IANA time zone, for quiet hours.
alter table parcels
  add column location_precision text check (location_precision in ('source', 'geocoded', 'zip_centroid')),
  add column time_zone text;

-- Per tenant and provider: whether it runs and what a call costs. Credentials are
-- not stored here: they come from the installation's configuration.
create table provider_settings (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  provider text not null,
  enabled boolean not null,
  cost_per_call numeric(10, 4) check (cost_per_call >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, provider)
);

-- Spending caps for paid provider calls, in US dollars; null means no cap.
create table enrichment_settings (
  tenant_id uuid primary key default current_tenant_id() references tenants (id) on delete cascade,
  daily_budget numeric(12, 2) check (daily_budget >= 0),
  monthly_budget numeric(12, 2) check (monthly_budget >= 0),
  -- Enrich new and changed parcels after every import without being asked.
  auto_enrich boolean not null default true,
  updated_at timestamptz not null default now()
);

-- Every provider call, answered from the network or the cache or refused, with its cost.
create table provider_calls (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  provider text not null,
  parcel_id uuid,
  request_key text not null,
  outcome text not null check (outcome in ('ok', 'not_found', 'cached', 'error', 'timeout', 'over_budget', 'circuit_open')),
  attempts integer not null default 0,
  cost numeric(10, 4) not null default 0,
  duration_ms integer not null default 0,
  error text,
  called_at timestamptz not null default now()
);
create index provider_calls_time_idx on provider_calls (tenant_id, called_at);
create index provider_calls_provider_idx on provider_calls (tenant_id, provider, called_at);

-- Provider answers by provider and normalized input, kept per tenant (a paid answer
-- is licensed to the tenant that paid for it) until it expires.
create table provider_cache (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  provider text not null,
  request_key text not null,
  response jsonb not null,
  fetched_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (tenant_id, provider, request_key)
);

-- Where each parcel stands with each provider.
create table parcel_enrichments (
  tenant_id uuid not null default current_tenant_id(),
  parcel_id uuid not null,
  provider text not null,
  status text not null check (status in ('done', 'not_found', 'failed', 'over_budget', 'skipped')),
  detail text,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, parcel_id, provider),
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade
);

-- Signals derived from the tenant's own data; null where the data cannot tell.
create table parcel_signals (
  tenant_id uuid not null default current_tenant_id(),
  parcel_id uuid not null,
  absentee boolean,
  out_of_state boolean,
  years_owned numeric(6, 2),
  equity numeric(14, 2),
  equity_percent numeric(7, 2),
  free_and_clear boolean,
  tax_delinquent boolean,
  vacant boolean,
  entity_owned boolean,
  trust_or_estate boolean,
  owner_parcel_count integer,
  distress_list_count integer not null default 0,
  distress_tags text[] not null default '{}',
  computed_at timestamptz not null default now(),
  primary key (tenant_id, parcel_id),
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade
);

-- What came of working a parcel; the coming lead pipeline sets it too.
create table parcel_outcomes (
  tenant_id uuid not null default current_tenant_id(),
  parcel_id uuid not null,
  outcome text not null check (outcome in ('contacted', 'appointment', 'under_contract', 'won', 'dead')),
  source text not null,
  set_at timestamptz not null default now(),
  primary key (tenant_id, parcel_id),
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade
);

-- A tenant's signal weights for the stack score (absent: the documented defaults).
create table scoring_settings (
  tenant_id uuid primary key default current_tenant_id() references tenants (id) on delete cascade,
  weights jsonb not null,
  updated_at timestamptz not null default now()
);

-- Learned models, versioned per tenant and purpose, with their held-out metrics.
create table models (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  kind text not null check (kind in ('motivation', 'valuation')),
  version integer not null,
  status text not null check (status in ('candidate', 'active', 'retired')),
  algorithm text not null,
  features text[] not null,
  params jsonb not null,
  artifact jsonb not null,
  metrics jsonb not null,
  training_rows integer not null,
  trained_at timestamptz not null default now(),
  activated_at timestamptz,
  unique (tenant_id, kind, version)
);
create unique index models_one_active on models (tenant_id, kind) where status = 'active';

-- Each parcel's motivation score with its reasons (signed points that add up to it).
create table parcel_scores (
  tenant_id uuid not null default current_tenant_id(),
  parcel_id uuid not null,
  score smallint not null check (score between 0 and 100),
  stack_score smallint not null check (stack_score between 0 and 100),
  model_score smallint check (model_score between 0 and 100),
  model_id uuid references models (id) on delete set null,
  reasons jsonb not null,
  scored_at timestamptz not null default now(),
  primary key (tenant_id, parcel_id),
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade
);
create index parcel_scores_score_idx on parcel_scores (tenant_id, score desc, parcel_id);

-- Offer rules, costs and repair presets of a tenant (absent: the documented defaults).
create table valuation_settings (
  tenant_id uuid primary key default current_tenant_id() references tenants (id) on delete cascade,
  settings jsonb not null,
  updated_at timestamptz not null default now()
);

-- A parcel's repair estimate as the user set it.
create table parcel_repairs (
  tenant_id uuid not null default current_tenant_id(),
  parcel_id uuid not null,
  preset text,
  amount numeric(12, 2) not null check (amount >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, parcel_id),
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade
);

do $$
declare
  t text;
begin
  foreach t in array array['provider_settings', 'enrichment_settings', 'provider_calls', 'provider_cache', 'parcel_enrichments',
                           'parcel_signals', 'parcel_outcomes', 'scoring_settings', 'models', 'parcel_scores',
                           'valuation_settings', 'parcel_repairs']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, update, delete on %I to reos_app', t);
  end loop;
end
$$;

-- Housekeeping may delete expired cache entries, in every tenant, and nothing else.
create policy purge_expired on provider_cache for delete to reos_worker using (expires_at < now());
grant select, delete on provider_cache to reos_worker;
