-- Recorded sales of parcels (deeds), newest last: the sales history behind a
-- parcel's last_sale_date and last_sale_price, and the comparables for valuing it.

create table property_sales (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  parcel_id uuid not null references parcels (id) on delete cascade,
  sale_date date not null,
  price numeric(14, 2) check (price >= 0),
  buyer_name text,
  seller_name text,
  -- Where the record came from: "county recorder", "import:<id>", "demo county"…
  source text not null,
  created_at timestamptz not null default now()
);
create index property_sales_parcel_idx on property_sales (tenant_id, parcel_id, sale_date);
create index property_sales_date_idx on property_sales (tenant_id, sale_date);

alter table property_sales enable row level security;
alter table property_sales force row level security;
create policy tenant_isolation on property_sales using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update, delete on property_sales to reos_app;
