-- Cash buyers and their buy boxes: the people and companies a wholesaler sells
-- contracts to, and what each of them buys. Keyed by tenant like every table since
-- migration 0005, references carrying tenant_id.

create table buyers (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  company text check (length(company) <= 200),
  email text check (length(email) <= 320),
  phone text check (length(phone) <= 40),
  -- Dedupe keys, kept by the application: the e-mail lower-cased, the phone as E.164.
  email_key text,
  phone_key text,
  tags text[] not null default '{}',
  -- VIP buyers see new deals first.
  tier text not null default 'standard' check (tier in ('vip', 'standard')),
  status text not null default 'active' check (status in ('active', 'inactive')),
  source text check (length(source) <= 200),
  notes text check (length(notes) <= 20000),
  -- Proof of funds: how much, when it was shown, when it stops counting, the document.
  pof_amount numeric(14, 2) check (pof_amount >= 0),
  pof_dated_on date,
  pof_expires_on date,
  pof_attachment_id uuid,
  -- Deals this buyer may be sent per 7 days; null: the tenant's cap.
  weekly_send_cap integer check (weekly_send_cap between 0 and 100),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references memberships (tenant_id, user_id) on delete set null (created_by)
);
-- One buyer per e-mail address; phones only help find look-alikes (a company shares one).
create unique index buyers_email_key on buyers (tenant_id, email_key) where email_key is not null;
create index buyers_phone_idx on buyers (tenant_id, phone_key) where phone_key is not null;
create index buyers_name_idx on buyers (tenant_id, lower(name), id);
create index buyers_tags_idx on buyers using gin (tags);

-- The people of a company buyer: acquisitions manager, partner, assistant.
create table buyer_contacts (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  buyer_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  role text check (length(role) <= 100),
  email text check (length(email) <= 320),
  phone text check (length(phone) <= 40),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade
);
create index buyer_contacts_buyer_idx on buyer_contacts (tenant_id, buyer_id);

-- What a buyer buys; a buyer may have several. Empty arrays and null bounds: no preference.
create table buy_boxes (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  buyer_id uuid not null,
  name text check (length(name) <= 100),
  -- The order the buyer's boxes are shown in.
  position integer not null default 0,
  active boolean not null default true,
  -- Locations: ZIPs, cities ("CITY, ST" upper-case), counties ("COUNTY, ST"), or a radius around a point.
  zips text[] not null default '{}',
  cities text[] not null default '{}',
  counties text[] not null default '{}',
  center_latitude double precision check (center_latitude between -90 and 90),
  center_longitude double precision check (center_longitude between -180 and 180),
  radius_miles numeric(6, 2) check (radius_miles > 0 and radius_miles <= 500),
  property_types text[] not null default '{}',
  min_price numeric(14, 2) check (min_price >= 0),
  max_price numeric(14, 2) check (max_price >= 0),
  min_arv numeric(14, 2) check (min_arv >= 0),
  max_arv numeric(14, 2) check (max_arv >= 0),
  min_beds numeric(4, 1),
  max_beds numeric(4, 1),
  min_baths numeric(4, 2),
  max_baths numeric(4, 2),
  min_sqft integer,
  max_sqft integer,
  min_year integer,
  max_year integer,
  -- Repair levels the buyer takes on, by the valuation's repair preset names.
  rehab_levels text[] not null default '{}' check (rehab_levels <@ array['none', 'cosmetic', 'moderate', 'heavy', 'gut']),
  strategies text[] not null default '{}' check (strategies <@ array['flip', 'rental', 'brrrr', 'new_build', 'wholetail']),
  financing text[] not null default '{}' check (financing <@ array['cash', 'hard_money', 'private', 'conventional']),
  -- Closing speed: the buyer closes within this many days.
  close_within_days integer check (close_within_days between 1 and 365),
  -- Criteria a deal must meet for this box to match at all; the rest only add points.
  required text[] not null default '{}'
    check (required <@ array['location', 'price', 'propertyType', 'strategy', 'financing', 'proofOfFunds', 'arv', 'beds', 'baths',
                             'sqft', 'yearBuilt', 'rehab', 'closingSpeed']),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade,
  check ((center_latitude is null) = (center_longitude is null) and (center_latitude is null) = (radius_miles is null)),
  check (min_price is null or max_price is null or min_price <= max_price),
  check (min_arv is null or max_arv is null or min_arv <= max_arv)
);
create index buy_boxes_buyer_idx on buy_boxes (tenant_id, buyer_id);

-- The price a deal is offered to buyers at (the contract price plus the assignment
-- fee): its deal sheet shows it, matching compares it with each buyer's budget.
alter table deals add column buyer_price numeric(14, 2) check (buyer_price >= 0);

-- How a tenant scores buyers against deals (absent: the documented defaults).
create table buyer_match_settings (
  tenant_id uuid primary key default current_tenant_id() references tenants (id) on delete cascade,
  -- Points per criterion, e.g. {"location": 40, "price": 25, "propertyType": 15, "strategy": 10, "proofOfFunds": 10}.
  weights jsonb not null check (jsonb_typeof(weights) = 'object'),
  -- Deals one buyer may be sent per 7 days, unless the buyer has a cap of their own.
  weekly_send_cap integer not null default 3 check (weekly_send_cap between 0 and 100),
  updated_at timestamptz not null default now()
);

-- Every deal sent to a buyer (a deal-sheet link, an export for a blast, later a campaign
-- message): the weekly cap counts them.
create table buyer_deal_sends (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  buyer_id uuid not null,
  deal_id uuid not null,
  channel text not null check (channel in ('deal_sheet', 'export', 'email', 'sms')),
  sent_by uuid,
  sent_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade,
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade
);
create index buyer_deal_sends_buyer_idx on buyer_deal_sends (tenant_id, buyer_id, sent_at desc);
create index buyer_deal_sends_deal_idx on buyer_deal_sends (tenant_id, deal_id, buyer_id);

-- Notes, calls and attachments can be about a buyer; a buyer has a timeline.
alter table notes add column buyer_id uuid, add foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade;
alter table calls add column buyer_id uuid, add foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade;
alter table attachments
  add column buyer_id uuid,
  add foreign key (tenant_id, buyer_id) references buyers (tenant_id, id) on delete cascade;
create index notes_buyer_idx on notes (tenant_id, buyer_id, created_at desc) where buyer_id is not null;
create index calls_buyer_idx on calls (tenant_id, buyer_id, called_at desc) where buyer_id is not null;
create index attachments_buyer_idx on attachments (tenant_id, buyer_id, created_at desc) where buyer_id is not null;
alter table buyers
  add foreign key (tenant_id, pof_attachment_id) references attachments (tenant_id, id) on delete set null (pof_attachment_id);

-- Buyers, capital partners and rehab projects have timelines too.
alter table activity_subjects drop constraint activity_subjects_subject_type_check;
alter table activity_subjects
  add constraint activity_subjects_subject_type_check
  check (subject_type in ('property', 'deal', 'lead', 'owner', 'task', 'buyer', 'partner', 'project'));

do $$
declare
  t text;
begin
  foreach t in array array['buyers', 'buyer_contacts', 'buy_boxes', 'buyer_match_settings', 'buyer_deal_sends']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, update, delete on %I to reos_app', t);
  end loop;
end
$$;
