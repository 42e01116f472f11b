-- References between tenant tables carry the tenant: (tenant_id, parcel_id) points
-- at (tenant_id, id) of the parcel. Two reasons:
-- - A foreign-key check reads the referenced table past row-level security, so a
--   plain parcel_id reference would accept another tenant's parcel id. With the
--   tenant in the key, a row can only point at a row of its own tenant.
-- - Every foreign key is a trigger run per inserted row. The composite key does the
--   work of the separate tenant reference as well, so the bulk tables an import
--   writes (memberships, row hashes, owner links, phones, emails) check one key
--   fewer per row. Deleting a tenant still removes these rows, through their parent.

alter table parcels add constraint parcels_tenant_key unique (tenant_id, id);
alter table owners add constraint owners_tenant_key unique (tenant_id, id);
alter table lists add constraint lists_tenant_key unique (tenant_id, id);
alter table imports add constraint imports_tenant_key unique (tenant_id, id);

alter table parcel_field_values
  drop constraint parcel_field_values_tenant_id_fkey,
  drop constraint parcel_field_values_parcel_id_fkey,
  add foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade;

alter table owner_phones
  drop constraint owner_phones_tenant_id_fkey,
  drop constraint owner_phones_owner_id_fkey,
  add foreign key (tenant_id, owner_id) references owners (tenant_id, id) on delete cascade;

alter table owner_emails
  drop constraint owner_emails_tenant_id_fkey,
  drop constraint owner_emails_owner_id_fkey,
  add foreign key (tenant_id, owner_id) references owners (tenant_id, id) on delete cascade;

alter table parcel_owners
  drop constraint parcel_owners_tenant_id_fkey,
  drop constraint parcel_owners_parcel_id_fkey,
  drop constraint parcel_owners_owner_id_fkey,
  add foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade,
  add foreign key (tenant_id, owner_id) references owners (tenant_id, id) on delete cascade;

alter table list_memberships
  drop constraint list_memberships_tenant_id_fkey,
  drop constraint list_memberships_list_id_fkey,
  drop constraint list_memberships_parcel_id_fkey,
  add foreign key (tenant_id, list_id) references lists (tenant_id, id) on delete cascade,
  add foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade;

alter table list_rows
  drop constraint list_rows_tenant_id_fkey,
  drop constraint list_rows_list_id_fkey,
  drop constraint list_rows_parcel_id_fkey,
  add foreign key (tenant_id, list_id) references lists (tenant_id, id) on delete cascade,
  add foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade;

alter table import_rejects
  drop constraint import_rejects_tenant_id_fkey,
  drop constraint import_rejects_import_id_fkey,
  add foreign key (tenant_id, import_id) references imports (tenant_id, id) on delete cascade;

alter table merge_candidates
  drop constraint merge_candidates_tenant_id_fkey,
  drop constraint merge_candidates_import_id_fkey,
  drop constraint merge_candidates_incoming_parcel_id_fkey,
  drop constraint merge_candidates_existing_parcel_id_fkey,
  add foreign key (tenant_id, import_id) references imports (tenant_id, id) on delete cascade,
  add foreign key (tenant_id, incoming_parcel_id) references parcels (tenant_id, id) on delete cascade,
  add foreign key (tenant_id, existing_parcel_id) references parcels (tenant_id, id) on delete cascade;

alter table property_sales
  drop constraint property_sales_tenant_id_fkey,
  drop constraint property_sales_parcel_id_fkey,
  add foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade;
