-- Values an import dropped from a row it still imported (a junk phone, a negative
-- assessed value, a NUL byte…): one entry per such row, with its reasons and the
-- row's raw values, mirroring import_rejects. `warnings` on the import counts them.
alter table imports add column warnings integer not null default 0;

create table import_warnings (
  tenant_id uuid not null default current_tenant_id(),
  import_id uuid not null,
  row_number integer not null,
  -- [{"column": "<source header>", "field": "<field or null>", "value": "…", "reason": "…"}]
  dropped jsonb not null,
  -- [["<source header>", "<value>"], …] in the file's column order.
  raw jsonb not null,
  primary key (tenant_id, import_id, row_number),
  foreign key (tenant_id, import_id) references imports (tenant_id, id) on delete cascade
);

alter table import_warnings enable row level security;
alter table import_warnings force row level security;
create policy tenant_isolation on import_warnings using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update, delete on import_warnings to reos_app;
