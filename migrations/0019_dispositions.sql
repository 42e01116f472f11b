-- Dispositions: the deal sheet buyers see, the per-buyer links it is shared through,
-- the offers buyers make from it, and the assignment of the contract to one of them.
-- Keyed by tenant like every table since migration 0005, references carrying tenant_id.

create table deal_sheets (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  deal_id uuid not null,
  -- Image attachments of the deal or its property, in the order the page shows them.
  photo_ids uuid[] not null default '{}',
  highlights text check (length(highlights) <= 5000),
  -- Sales chosen from the valuation's comps; empty: the valuation's own choice.
  comp_sale_ids uuid[] not null default '{}',
  -- Null: the deal's ARV and the property's repair estimate.
  arv numeric(14, 2) check (arv >= 0),
  repairs numeric(14, 2) check (repairs >= 0),
  earnest_money numeric(14, 2) check (earnest_money >= 0),
  -- [{"start": ISO, "end": ISO}], soonest first.
  showing_times jsonb not null default '[]' check (jsonb_typeof(showing_times) = 'array'),
  closing_terms text check (length(closing_terms) <= 5000),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, deal_id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade
);

-- One buyer's link to one deal's sheet. The token names the link; views count here.
create table deal_sheet_links (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  deal_id uuid not null,
  buyer_id uuid not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  views integer not null default 0,
  first_viewed_at timestamptz,
  last_viewed_at timestamptz,
  -- When the last "viewed" event went out: reloads within the hour announce nothing.
  view_announced_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade
);
create index deal_sheet_links_deal_idx on deal_sheet_links (tenant_id, deal_id, created_at desc);
create index deal_sheet_links_buyer_idx on deal_sheet_links (tenant_id, buyer_id, created_at desc);

-- What buyers send from a deal sheet: an offer, or interest without a number.
create table buyer_offers (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  deal_id uuid not null,
  buyer_id uuid not null,
  link_id uuid,
  kind text not null check (kind in ('offer', 'interest')),
  amount numeric(14, 2) check (amount > 0),
  earnest_money numeric(14, 2) check (earnest_money >= 0),
  close_date date,
  name text check (length(name) <= 200),
  email text check (length(email) <= 320),
  phone text check (length(phone) <= 40),
  message text check (length(message) <= 5000),
  pof_attachment_id uuid,
  status text not null default 'received' check (status in ('received', 'accepted', 'declined', 'withdrawn')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (kind = 'interest' or amount is not null),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade,
  foreign key (tenant_id, link_id) references deal_sheet_links (tenant_id, id) on delete set null (link_id),
  foreign key (tenant_id, pof_attachment_id) references attachments (tenant_id, id) on delete set null (pof_attachment_id)
);
create index buyer_offers_deal_idx on buyer_offers (tenant_id, deal_id, created_at desc);

-- The contract assigned to a buyer: one per deal until it is cancelled.
create table deal_assignments (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  deal_id uuid not null,
  buyer_id uuid not null,
  offer_id uuid,
  assignment_fee numeric(14, 2) check (assignment_fee >= 0),
  earnest_money numeric(14, 2) check (earnest_money >= 0),
  earnest_money_due_on date,
  closing_date date,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, deal_id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade,
  foreign key (tenant_id, offer_id) references buyer_offers (tenant_id, id) on delete set null (offer_id)
);

do $$
declare
  t text;
begin
  foreach t in array array['deal_sheets', 'deal_sheet_links', 'buyer_offers', 'deal_assignments']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, update, delete on %I to reos_app', t);
    -- As visible as their deal ("assigned only" members see their own deals' alone).
    execute format('create policy assigned_only on %I as restrictive to reos_app
      using (exists (select 1 from deals d where d.tenant_id = %I.tenant_id and d.id = %I.deal_id))', t, t, t);
  end loop;
end
$$;
