-- Deleting a property moves it to a trash for 30 days: the parcel row and every row
-- its delete cascades to (and the rows that only lose their link to it) are kept as a
-- snapshot, so a restore puts back exactly what was there. The parcels table itself
-- has no "deleted" flag that the list, the search, the counts and every query reading
-- parcels would have to filter out.
create table deleted_properties (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  -- The parcel's id, kept by the restore.
  id uuid not null,
  address_line1 text,
  city text,
  zip text,
  address_key text,
  -- Who deleted it, as the audit names them (an e-mail or an API key's name).
  deleted_by text not null,
  deleted_at timestamptz not null default now(),
  purge_after timestamptz not null default now() + interval '30 days',
  -- {"rows": {table: [row, ...]}, "relinks": {table: [row, ...]}}: see delete-property.ts.
  snapshot jsonb not null,
  primary key (tenant_id, id)
);
-- The trash, newest first.
create index deleted_properties_deleted_idx on deleted_properties (tenant_id, deleted_at desc, id desc);
-- The purge sweep, across tenants.
create index deleted_properties_purge_idx on deleted_properties (purge_after);

alter table deleted_properties enable row level security;
alter table deleted_properties force row level security;
create policy tenant_isolation on deleted_properties using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update, delete on deleted_properties to reos_app;

-- The purge sweep finds, across tenants, which have trash past its date; each tenant's
-- is then purged in that tenant's transaction.
create policy purge_sweep on deleted_properties for select to reos_worker using (purge_after <= now());
grant select (tenant_id, purge_after) on deleted_properties to reos_worker;
