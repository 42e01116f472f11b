-- Working leads to deals: pipelines and their stages, deals with offers, contacts and
-- stage history, tasks, lead status and assignment, and per-member visibility.
-- Every table is keyed by tenant (primary key (tenant_id, id), references carrying
-- tenant_id), as migration 0005 began.

-- "assigned": the member sees only the leads, deals and tasks assigned to them.
alter table memberships
  add column visibility text not null default 'all' check (visibility in ('all', 'assigned'));

-- True in a transaction of a signed-in member whose visibility is "assigned only".
-- Request transactions set app.member_id; jobs and API keys set none and see all.
-- Policies call it as (select …) so it runs once per statement, not once per row.
create function reos_sees_assigned_only() returns boolean
  language sql stable parallel safe
  as $$
    select coalesce(
      (select m.visibility = 'assigned' from memberships m
        where m.tenant_id = current_tenant_id() and m.user_id = current_uuid_setting('app.member_id')),
      false)
  $$;
grant execute on function reos_sees_assigned_only() to reos_app;

alter table leads add constraint leads_tenant_key unique (tenant_id, id);
alter table leads
  add column status text not null default 'new'
    check (status in ('new', 'attempting', 'contacted', 'qualified', 'converted', 'dead')),
  add column dead_reason text check (length(dead_reason) <= 500),
  add column assignee_id uuid,
  add column list_id uuid,
  add column first_attempt_at timestamptz,
  add column first_contact_at timestamptz,
  add column status_changed_at timestamptz not null default now(),
  add column updated_at timestamptz not null default now(),
  add constraint leads_dead_reason check (status <> 'dead' or dead_reason is not null),
  add foreign key (tenant_id, assignee_id) references memberships (tenant_id, user_id) on delete set null (assignee_id),
  add foreign key (tenant_id, list_id) references lists (tenant_id, id) on delete set null (list_id);
create index leads_status_idx on leads (tenant_id, status, created_at desc, id);
create index leads_assignee_idx on leads (tenant_id, assignee_id, created_at desc, id);

create table pipelines (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, name)
);

create table pipeline_stages (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  pipeline_id uuid not null,
  name text not null check (length(name) between 1 and 100),
  position integer not null,
  -- Chance, in percent, that a deal in this stage closes: the weighted forecast.
  probability integer not null check (probability between 0 and 100),
  kind text not null default 'open' check (kind in ('open', 'won', 'lost')),
  -- A deal in this stage longer than this many days is rotting; null: never.
  rotting_days integer check (rotting_days between 1 and 3650),
  primary key (tenant_id, id),
  -- Deals name their stage with its pipeline, so a deal's stage is always of its pipeline.
  unique (tenant_id, pipeline_id, id),
  foreign key (tenant_id, pipeline_id) references pipelines (tenant_id, id) on delete cascade
);
create index pipeline_stages_order_idx on pipeline_stages (tenant_id, pipeline_id, position);

create table deals (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  parcel_id uuid not null,
  lead_id uuid,
  pipeline_id uuid not null,
  stage_id uuid not null,
  -- Fractional index: the card's place in its column, ordered bytewise.
  position text collate "C" not null,
  stage_entered_at timestamptz not null default now(),
  assignee_id uuid,
  title text not null check (length(title) between 1 and 300),
  deal_type text not null default 'wholesale'
    check (deal_type in ('wholesale', 'flip', 'rental', 'wholetail', 'novation', 'subject_to')),
  source text check (length(source) <= 200),
  temperature text check (temperature in ('hot', 'warm', 'cold')),
  asking_price numeric(14, 2) check (asking_price >= 0),
  contract_price numeric(14, 2) check (contract_price >= 0),
  expected_close_date date,
  expected_profit numeric(14, 2),
  -- The valuation when the deal was opened: the card shows them, offers start from the MAO.
  arv numeric(14, 2),
  mao numeric(14, 2),
  tags text[] not null default '{}',
  lost_reason text check (length(lost_reason) <= 500),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade,
  foreign key (tenant_id, lead_id) references leads (tenant_id, id) on delete set null (lead_id),
  foreign key (tenant_id, pipeline_id, stage_id) references pipeline_stages (tenant_id, pipeline_id, id),
  foreign key (tenant_id, assignee_id) references memberships (tenant_id, user_id) on delete set null (assignee_id)
);
-- The board: each column's cards in order.
create index deals_board_idx on deals (tenant_id, stage_id, position, id);
create index deals_pipeline_idx on deals (tenant_id, pipeline_id, created_at desc, id);
create index deals_assignee_idx on deals (tenant_id, assignee_id, created_at desc, id);
create index deals_parcel_idx on deals (tenant_id, parcel_id);
create index deals_lead_idx on deals (tenant_id, lead_id) where lead_id is not null;

create table deal_stage_changes (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  deal_id uuid not null,
  from_stage_id uuid,
  to_stage_id uuid not null,
  changed_by uuid,
  changed_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade
);
create index deal_stage_changes_deal_idx on deal_stage_changes (tenant_id, deal_id, changed_at desc);

create table deal_offers (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  deal_id uuid not null,
  amount numeric(14, 2) not null check (amount > 0),
  offered_on date not null default current_date,
  status text not null default 'draft' check (status in ('draft', 'sent', 'countered', 'accepted', 'rejected', 'withdrawn')),
  note text check (length(note) <= 2000),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade
);
create index deal_offers_deal_idx on deal_offers (tenant_id, deal_id, created_at desc);

-- People on a deal: its property's owners and others (heirs, attorneys, agents).
create table deal_contacts (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  deal_id uuid not null,
  owner_id uuid,
  role text not null default 'owner' check (role in ('owner', 'heir', 'attorney', 'agent', 'title', 'other')),
  name text not null check (length(name) between 1 and 200),
  phone text check (length(phone) <= 40),
  email text check (length(email) <= 320),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, owner_id) references owners (tenant_id, id) on delete set null (owner_id)
);
create index deal_contacts_deal_idx on deal_contacts (tenant_id, deal_id);

create table tasks (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  title text not null check (length(title) between 1 and 300),
  task_type text not null default 'follow_up'
    check (task_type in ('call', 'text', 'email', 'visit', 'meeting', 'follow_up', 'other')),
  due_at timestamptz not null,
  -- The zone the due time was given in (the assignee's), to show and repeat it there.
  time_zone text not null default 'UTC' check (length(time_zone) <= 64),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high')),
  assignee_id uuid,
  deal_id uuid,
  lead_id uuid,
  parcel_id uuid,
  -- Repeats this many days after it is done; null: once.
  repeat_days integer check (repeat_days between 1 and 3650),
  notes text check (length(notes) <= 5000),
  done_at timestamptz,
  done_by uuid,
  reminded_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, assignee_id) references memberships (tenant_id, user_id) on delete set null (assignee_id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, lead_id) references leads (tenant_id, id) on delete cascade,
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade
);
-- My day and the reminder sweep: open tasks by due time.
create index tasks_open_due_idx on tasks (tenant_id, assignee_id, due_at, id) where done_at is null;
create index tasks_due_sweep_idx on tasks (due_at) where done_at is null and reminded_at is null;
create index tasks_deal_idx on tasks (tenant_id, deal_id, due_at) where deal_id is not null;
create index tasks_lead_idx on tasks (tenant_id, lead_id, due_at) where lead_id is not null;
create index tasks_parcel_idx on tasks (tenant_id, parcel_id, due_at) where parcel_id is not null;

do $$
declare
  t text;
begin
  foreach t in array array['pipelines', 'pipeline_stages', 'deals', 'deal_stage_changes', 'deal_offers', 'deal_contacts', 'tasks']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, update, delete on %I to reos_app', t);
  end loop;
end
$$;

-- "Assigned only": the database hides the other members' leads, deals and tasks from
-- every statement, so no route can forget the rule. Restrictive: it narrows the tenant policy.
create policy assigned_only on leads as restrictive to reos_app
  using (not (select reos_sees_assigned_only()) or assignee_id = current_uuid_setting('app.member_id'));
create policy assigned_only on deals as restrictive to reos_app
  using (not (select reos_sees_assigned_only()) or assignee_id = current_uuid_setting('app.member_id'));
create policy assigned_only on tasks as restrictive to reos_app
  using (not (select reos_sees_assigned_only()) or assignee_id = current_uuid_setting('app.member_id'));
-- A deal's offers, contacts and stage history are as visible as the deal.
create policy assigned_only on deal_offers as restrictive to reos_app
  using (exists (select 1 from deals d where d.tenant_id = deal_offers.tenant_id and d.id = deal_offers.deal_id));
create policy assigned_only on deal_contacts as restrictive to reos_app
  using (exists (select 1 from deals d where d.tenant_id = deal_contacts.tenant_id and d.id = deal_contacts.deal_id));
create policy assigned_only on deal_stage_changes as restrictive to reos_app
  using (exists (select 1 from deals d where d.tenant_id = deal_stage_changes.tenant_id and d.id = deal_stage_changes.deal_id));

-- The default pipelines of a tenant: for every new tenant, and every tenant of today.
create function seed_default_pipelines(p_tenant uuid) returns void
  language plpgsql
  as $$
declare
  acquisitions uuid := gen_random_uuid();
  dispositions uuid := gen_random_uuid();
begin
  insert into pipelines (tenant_id, id, name, position) values
    (p_tenant, acquisitions, 'Acquisitions', 0),
    (p_tenant, dispositions, 'Dispositions', 1);
  insert into pipeline_stages (tenant_id, pipeline_id, name, position, probability, kind, rotting_days) values
    (p_tenant, acquisitions, 'New lead', 0, 5, 'open', 2),
    (p_tenant, acquisitions, 'Contacted', 1, 15, 'open', 7),
    (p_tenant, acquisitions, 'Appointment set', 2, 30, 'open', 7),
    (p_tenant, acquisitions, 'Offer made', 3, 50, 'open', 7),
    (p_tenant, acquisitions, 'Under contract', 4, 75, 'open', 30),
    (p_tenant, acquisitions, 'Closed won', 5, 100, 'won', null),
    (p_tenant, acquisitions, 'Dead', 6, 0, 'lost', null),
    (p_tenant, dispositions, 'Marketing', 0, 20, 'open', 7),
    (p_tenant, dispositions, 'Showings', 1, 40, 'open', 7),
    (p_tenant, dispositions, 'Offer accepted', 2, 70, 'open', 7),
    (p_tenant, dispositions, 'Assigned', 3, 90, 'open', 30),
    (p_tenant, dispositions, 'Closed', 4, 100, 'won', null);
end
$$;
grant execute on function seed_default_pipelines(uuid) to reos_app;

select seed_default_pipelines(id) from tenants;

-- Who caused an event ({type, id, label}), for the activity timeline built from the outbox.
alter table outbox_events add column actor jsonb;

-- The activity timeline: a projection of the outbox's events (which are purged a
-- week after dispatch), one row per event, indexed by every record it concerns.
create table activity_events (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  -- The outbox event's id: projecting an event twice keeps one row.
  id bigint not null,
  kind text not null,
  at timestamptz not null,
  actor jsonb,
  data jsonb not null default '{}',
  primary key (tenant_id, id)
);

create table activity_subjects (
  tenant_id uuid not null default current_tenant_id(),
  subject_type text not null check (subject_type in ('property', 'deal', 'lead', 'owner', 'task')),
  subject_id uuid not null,
  event_id bigint not null,
  kind text not null,
  primary key (tenant_id, subject_id, event_id),
  foreign key (tenant_id, event_id) references activity_events (tenant_id, id) on delete cascade
);
-- A timeline filtered by kind, newest first.
create index activity_subjects_kind_idx on activity_subjects (tenant_id, subject_id, kind, event_id);

do $$
declare
  t text;
begin
  foreach t in array array['activity_events', 'activity_subjects']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, delete on %I to reos_app', t);
  end loop;
end
$$;

-- What people log on a record: notes (with @mentions), calls, attachments. Each is
-- linked to a deal, lead, property or owner (a deal brings its property along).
create table notes (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  body text not null check (length(body) between 1 and 20000),
  mentions uuid[] not null default '{}',
  deal_id uuid,
  lead_id uuid,
  parcel_id uuid,
  owner_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, lead_id) references leads (tenant_id, id) on delete cascade,
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade,
  foreign key (tenant_id, owner_id) references owners (tenant_id, id) on delete cascade
);

create table calls (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  direction text not null check (direction in ('outbound', 'inbound')),
  phone text check (length(phone) <= 40),
  duration_seconds integer not null default 0 check (duration_seconds between 0 and 86400),
  outcome text not null check (outcome in ('no_answer', 'voicemail', 'wrong_number', 'not_interested', 'interested',
                                           'appointment_set', 'do_not_call')),
  notes text check (length(notes) <= 5000),
  called_at timestamptz not null default now(),
  deal_id uuid,
  lead_id uuid,
  parcel_id uuid,
  owner_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, lead_id) references leads (tenant_id, id) on delete cascade,
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade,
  foreign key (tenant_id, owner_id) references owners (tenant_id, id) on delete cascade
);

-- Numbers the team must not call or text (a "do not call" call outcome, or by hand):
-- every outreach channel checks here before it sends.
create table do_not_contact_phones (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  e164 text not null,
  reason text not null,
  call_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, e164)
);

create table attachments (
  tenant_id uuid not null default current_tenant_id(),
  id uuid not null default gen_random_uuid(),
  file_name text not null check (length(file_name) between 1 and 255),
  content_type text not null,
  bytes bigint not null check (bytes >= 0),
  sha256 text not null,
  storage_key text not null,
  deal_id uuid,
  lead_id uuid,
  parcel_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deal_id) references deals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, lead_id) references leads (tenant_id, id) on delete cascade,
  foreign key (tenant_id, parcel_id) references parcels (tenant_id, id) on delete cascade
);

do $$
declare
  t text;
begin
  foreach t in array array['notes', 'calls', 'do_not_contact_phones', 'attachments']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())', t);
    execute format('grant select, insert, update, delete on %I to reos_app', t);
  end loop;
  -- A note, call or attachment on a deal or lead is as visible as that deal or lead.
  foreach t in array array['notes', 'calls', 'attachments']
  loop
    execute format($p$create policy assigned_only on %1$I as restrictive to reos_app using (
      (deal_id is null or exists (select 1 from deals d where d.tenant_id = %1$I.tenant_id and d.id = %1$I.deal_id))
      and (lead_id is null or exists (select 1 from leads l where l.tenant_id = %1$I.tenant_id and l.id = %1$I.lead_id)))$p$, t);
  end loop;
end
$$;

-- Live updates: every API process listens on this channel and streams new events to
-- the open pages of their tenant. The notification is sent at commit, so a listener
-- never reads an event that might still roll back.
create function notify_outbox_event() returns trigger
  language plpgsql
  as $$
begin
  perform pg_notify('reos_outbox', new.id::text);
  return null;
end
$$;
create trigger outbox_events_notify after insert on outbox_events for each row execute function notify_outbox_event();

-- Round-robin assignment of new leads, per source ('*': every source without its own rotation).
create table lead_routing (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  source text not null check (length(source) between 1 and 60),
  member_ids uuid[] not null default '{}',
  next_index integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, source)
);
alter table lead_routing enable row level security;
alter table lead_routing force row level security;
create policy tenant_isolation on lead_routing using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update, delete on lead_routing to reos_app;

-- The reminder sweep finds, across tenants, which have tasks falling due; each
-- tenant's reminders are then sent in that tenant's transaction.
create policy due_sweep on tasks for select to reos_worker using (done_at is null and reminded_at is null);
grant select (tenant_id, due_at, done_at, reminded_at) on tasks to reos_worker;

-- In-app notifications: a task fell due, a teammate mentioned you, a lead was assigned to you.
create table notifications (
  tenant_id uuid not null default current_tenant_id() references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  kind text not null,
  title text not null,
  body text,
  link text,
  -- The event it was made from: one notification per event and member, however often the job runs.
  event_id bigint not null,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, event_id, user_id),
  foreign key (tenant_id, user_id) references memberships (tenant_id, user_id) on delete cascade
);
create index notifications_user_idx on notifications (tenant_id, user_id, created_at desc);
alter table notifications enable row level security;
alter table notifications force row level security;
create policy tenant_isolation on notifications using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());
grant select, insert, update, delete on notifications to reos_app;
