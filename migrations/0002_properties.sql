-- Properties: parcels, owners and their contacts, lists and memberships, imports.
-- Every table is tenant-owned: tenant_id, RLS enabled and forced, policy on app.tenant_id.

-- Trigram similarity for the fuzzy address match shown to users for review.
create extension if not exists pg_trgm;

create table lists (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  source text,
  -- Distress tags every parcel on this list carries (tax_delinquent, probate, …).
  tags text[] not null default '{}',
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table parcels (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  apn text,
  county text,
  fips text,
  address_number text,
  address_predirectional text,
  address_street text,
  address_suffix text,
  address_postdirectional text,
  address_unit_type text,
  address_unit_number text,
  city text,
  state text,
  zip text,
  zip4 text,
  address_line1 text,
  -- Stable matching key from the address normalizer; the same delivery point spelled differently shares it.
  address_key text,
  latitude double precision,
  longitude double precision,
  property_type text,
  beds numeric(4, 1),
  baths numeric(4, 2),
  living_sqft integer,
  lot_sqft integer,
  year_built integer,
  assessed_value numeric(14, 2),
  market_value numeric(14, 2),
  last_sale_date date,
  last_sale_price numeric(14, 2),
  mortgage_balance numeric(14, 2),
  tax_owed numeric(14, 2),
  occupancy text,
  -- How many distinct lists the parcel is on, and the distress tags they confer.
  stack_count integer not null default 0,
  distress_tags text[] not null default '{}',
  -- Where the parcel came from; each field's value is from this source unless
  -- provenance names a later one: {"beds": {"source": "import:<id>", "at": "…"}}.
  source text not null,
  provenance jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index parcels_apn_key on parcels (tenant_id, coalesce(fips, county, ''), apn) where apn is not null;
create index parcels_apn_idx on parcels (tenant_id, apn);
create index parcels_address_key_idx on parcels (tenant_id, address_key);
-- Look-alike search: same ZIP and house number.
create index parcels_zip_number_idx on parcels (tenant_id, zip, address_number);
create index parcels_address_trgm_idx on parcels using gin (address_line1 gin_trgm_ops);

-- Every value a source ever gave for a field, so merging never loses data.
create table parcel_field_values (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  parcel_id uuid not null references parcels (id) on delete cascade,
  field text not null,
  value jsonb not null,
  source text not null,
  observed_at timestamptz not null default now()
);
create index parcel_field_values_parcel_idx on parcel_field_values (tenant_id, parcel_id, field);

create table owners (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  kind text not null check (kind in ('person', 'entity', 'unknown')),
  entity_type text,
  display_name text not null,
  -- [{first, middle, last, suffix}] for people.
  people jsonb not null default '[]',
  name_key text not null,
  mailing_line1 text,
  mailing_city text,
  mailing_state text,
  mailing_zip text,
  mailing_key text,
  provenance jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index owners_identity_key on owners (tenant_id, name_key, coalesce(mailing_key, ''));

create table owner_phones (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  owner_id uuid not null references owners (id) on delete cascade,
  e164 text not null,
  line_type text not null default 'unknown',
  source text not null,
  created_at timestamptz not null default now(),
  primary key (owner_id, e164)
);

create table owner_emails (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  owner_id uuid not null references owners (id) on delete cascade,
  email text not null,
  source text not null,
  created_at timestamptz not null default now(),
  primary key (owner_id, email)
);

create table parcel_owners (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  parcel_id uuid not null references parcels (id) on delete cascade,
  owner_id uuid not null references owners (id) on delete cascade,
  source text not null,
  created_at timestamptz not null default now(),
  primary key (parcel_id, owner_id)
);
create index parcel_owners_owner_idx on parcel_owners (owner_id);

create table imports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  list_id uuid not null references lists (id) on delete cascade,
  file_name text not null,
  file_path text not null,
  file_bytes bigint not null,
  format text not null check (format in ('csv', 'xlsx')),
  sheet text,
  -- {"columns": {"<source header>": "<field>"}, "header_row": n}
  mapping jsonb,
  layout text,
  status text not null check (status in ('awaiting_mapping', 'queued', 'running', 'completed', 'failed')),
  error text,
  rows_total integer,
  rows_done integer not null default 0,
  inserted integer not null default 0,
  merged integer not null default 0,
  unchanged integer not null default 0,
  rejected integer not null default 0,
  review integer not null default 0,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
create index imports_tenant_idx on imports (tenant_id, created_at desc);

create table import_rejects (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  import_id uuid not null references imports (id) on delete cascade,
  row_number integer not null,
  reasons text[] not null,
  raw jsonb not null,
  primary key (import_id, row_number)
);

-- Rows that look like an existing parcel (same ZIP and number, similar street) but
-- do not match exactly: shown to the user to merge or keep apart, never merged blindly.
create table merge_candidates (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  import_id uuid not null references imports (id) on delete cascade,
  row_number integer not null,
  incoming_parcel_id uuid not null references parcels (id) on delete cascade,
  existing_parcel_id uuid not null references parcels (id) on delete cascade,
  similarity real not null,
  status text not null default 'pending' check (status in ('pending', 'merged', 'kept_apart')),
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  unique (import_id, row_number)
);

create table list_memberships (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  list_id uuid not null references lists (id) on delete cascade,
  parcel_id uuid not null references parcels (id) on delete cascade,
  import_id uuid references imports (id) on delete set null,
  added_at timestamptz not null default now(),
  primary key (list_id, parcel_id)
);
create index list_memberships_parcel_idx on list_memberships (parcel_id);

-- Every normalized row a list has taken in, by content hash: importing the same row
-- into the same list again is recognised without touching the parcel.
create table list_rows (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  list_id uuid not null references lists (id) on delete cascade,
  row_hash text not null,
  parcel_id uuid not null references parcels (id) on delete cascade,
  primary key (list_id, row_hash)
);

do $$
declare
  t text;
begin
  foreach t in array array['lists', 'parcels', 'parcel_field_values', 'owners', 'owner_phones', 'owner_emails',
                           'parcel_owners', 'imports', 'import_rejects', 'merge_candidates', 'list_memberships', 'list_rows']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, update, delete on %I to reos_app', t);
  end loop;
end
$$;
