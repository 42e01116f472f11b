-- Leads captured from the public web form and from lead-source webhooks, with the
-- consent each person gave (TCPA: the exact text shown, time, IP address and page).

-- Leads do not come from an import: a look-alike found for one has no import row.
alter table merge_candidates alter column import_id drop not null;

create table consent_records (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  phone text,
  email text,
  consent_text text not null,
  granted_at timestamptz not null,
  ip text,
  page text,
  user_agent text,
  source text not null,
  created_at timestamptz not null default now()
);
create index consent_records_phone_idx on consent_records (tenant_id, phone);

create table leads (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  parcel_id uuid references parcels (id) on delete set null,
  source text not null,
  name text,
  phone text,
  email text,
  address text,
  message text,
  consent_id uuid references consent_records (id) on delete set null,
  created_at timestamptz not null default now()
);
create index leads_tenant_idx on leads (tenant_id, created_at desc);

do $$
declare
  t text;
begin
  foreach t in array array['consent_records', 'leads']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, update, delete on %I to reos_app', t);
  end loop;
end
$$;
-- Consent is evidence: once recorded it is never edited.
revoke update on consent_records from reos_app;
