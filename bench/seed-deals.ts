/**
 * The deal side of a large tenant (test/support/large-tenant.ts seeds the parcels), for
 * bench:board: deals over the Acquisitions pipeline's stages with each column's cards in
 * order, open and done tasks on some of them, and an activity timeline of one busy
 * property besides events spread over other parcels. Written by set-based SQL, because
 * going through the API would take longer than the benchmark itself.
 *
 * Values come from hashes of the row number (hashint8extended), so the same options make
 * the same deals; ids and timestamps are new each run.
 */
import { generateNKeysBetween } from 'fractional-indexing';
import type { Database, Tx } from '../src/platform/db/database.js';

export interface DealSeedOptions {
  deals: number;
  /** The member the deals and tasks are assigned to. */
  userId: string;
  /** Events on the busy property's timeline (default 1,000). */
  busyEvents?: number;
  /** Events on other parcels' timelines, so the timeline's index is not trivially small (default 200,000). */
  otherEvents?: number;
}

export interface SeededStage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  /** The stage's deals in card order. */
  dealIds: string[];
}

export interface SeededDeals {
  pipelineId: string;
  stages: SeededStage[];
  busyPropertyId: string;
  otherEvents: number;
  seconds: number;
}

/** A funnel: most deals in the first stages, few closed or dead. One share per stage of Acquisitions, in board order. */
export const STAGE_SHARES = [0.3, 0.22, 0.15, 0.12, 0.09, 0.07, 0.05];
export const OPEN_TASK_SHARE = 0.3;
export const DONE_TASK_SHARE = 0.3;
/** Events on other parcels go to this many parcels at most, the first ones by id, skewed so some are busier. */
const EVENT_PARCELS = 100_000;
/** Outbox ids count up from 1; the seeded events sit far above them so projecting a real event never collides. */
const FIRST_EVENT_ID = 1_000_000_000_000;
const BUSY_KINDS = ['property.edited', 'note.added', 'call.logged', 'task.created', 'task.completed', 'deal.updated', 'deal.stage_changed'];
const OTHER_KINDS = ['property.edited', 'note.added', 'call.logged', 'enrichment.completed', 'parcels.changed'];
const SOURCES = ['Direct mail', 'Cold call', 'Driving for dollars', 'Website', 'Referral', 'PPC'];

/** A uniform fraction in [0, 1) from the row number `n` and a salt. */
const u = (salt: number, n = 'n') => `((hashint8extended(${n}, ${salt}) & 1073741823)::float8 / 1073741824)`;
const textArray = (values: readonly string[]) => `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
const pick = (values: readonly string[], salt: number, n = 'n') =>
  `(${textArray(values)})[1 + floor(${u(salt, n)} * ${values.length})::int]`;

/** How many of `total` deals each stage gets: the shares rounded, the remainder in the first stage. */
function dealsPerStage(total: number, stages: number): number[] {
  const counts = STAGE_SHARES.slice(0, stages).map((share) => Math.floor(total * share));
  counts[0]! += total - counts.reduce((sum, n) => sum + n, 0);
  return counts;
}

async function insertDeals(tx: Tx, options: DealSeedOptions, pipelineId: string, stages: { id: string; kind: string }[]): Promise<void> {
  const counts = dealsPerStage(options.deals, stages.length);
  const stageIds = stages.flatMap((stage, s) => Array.from({ length: counts[s]! }, () => stage.id));
  const stageIndexes = stages.flatMap((_, s) => Array.from({ length: counts[s]! }, () => s));
  const positions = counts.flatMap((n) => generateNKeysBetween(null, null, n));
  const lost = stages.findIndex((stage) => stage.kind === 'lost');
  // One deal per parcel, on the first parcels by id (ids are hashes, so these are anywhere in the county).
  await tx.query(
    `insert into deals (parcel_id, pipeline_id, stage_id, position, stage_entered_at, assignee_id, title, deal_type, source, temperature,
                        asking_price, contract_price, expected_profit, arv, mao, tags, lost_reason, created_by, created_at, updated_at)
     select p.id, $1, d.stage_id, d.position, t.entered, $2, concat_ws(', ', p.address_line1, p.city),
            case when ${u(3, 'd.n')} < 0.7 then 'wholesale' when ${u(3, 'd.n')} < 0.85 then 'flip' when ${u(3, 'd.n')} < 0.95 then 'rental' else 'novation' end,
            ${pick(SOURCES, 4, 'd.n')},
            case when ${u(5, 'd.n')} < 0.2 then 'hot' when ${u(5, 'd.n')} < 0.5 then 'warm' when ${u(5, 'd.n')} < 0.7 then 'cold' end,
            case when ${u(6, 'd.n')} < 0.6 then round((v.arv * (0.75 + ${u(7, 'd.n')} * 0.2))::numeric, -2) end,
            -- From "Offer made" on, most deals have a price; a few earlier ones too.
            case when d.stage_index >= 3 and ${u(8, 'd.n')} < 0.9 or ${u(8, 'd.n')} < 0.05 then round((v.arv * (0.55 + ${u(9, 'd.n')} * 0.15))::numeric, -2) end,
            case when ${u(10, 'd.n')} < 0.7 then round((v.arv * (0.04 + ${u(11, 'd.n')} * 0.08))::numeric, -2) end,
            v.arv, round(v.arv * 0.7 - 25000, -2),
            case when ${u(12, 'd.n')} < 0.15 then array['motivated'] when ${u(12, 'd.n')} < 0.2 then array['motivated', 'vacant'] else '{}' end,
            case when d.stage_index = $6 then 'Seller not motivated' end,
            $2, t.entered - ${u(13, 'd.n')} * interval '60 days', t.entered
       from unnest($3::uuid[], $4::text[], $5::int[]) with ordinality as d(stage_id, position, stage_index, n)
       join (select id, address_line1, city, market_value, row_number() over (order by id) as n
               from (select id, address_line1, city, market_value from parcels order by id limit $7) f) p on p.n = d.n
      cross join lateral (select now() - ${u(1, 'd.n')} * interval '56 days' as entered) t
      cross join lateral (select greatest(coalesce(p.market_value, 0) * 1.1, 40000) as arv) v`,
    [pipelineId, options.userId, stageIds, positions, stageIndexes, lost, options.deals],
  );
  // Open tasks on some deals (the card's next action), done ones on others (which the next action skips).
  await tx.query(
    `insert into tasks (title, task_type, due_at, assignee_id, deal_id, parcel_id, done_at, done_by, created_by, created_at)
     select case when ${u(21)} < 0.5 then 'Call the seller' else 'Send the offer' end,
            case when ${u(21)} < 0.5 then 'call' else 'follow_up' end,
            now() + (${u(22)} * 14 - 7) * interval '1 day', $1, d.id, d.parcel_id,
            case when ${u(20)} >= ${OPEN_TASK_SHARE} then now() - ${u(23)} * interval '10 days' end,
            case when ${u(20)} >= ${OPEN_TASK_SHARE} then $1::uuid end,
            $1, d.created_at
       from (select id, parcel_id, created_at, row_number() over (order by id) as n from deals where pipeline_id = $2) d
      where ${u(20)} < ${OPEN_TASK_SHARE + DONE_TASK_SHARE}`,
    [options.userId, pipelineId],
  );
}

/**
 * The busy property's timeline (`busyEvents` events two hours apart, its deal named in
 * the deal events and a third of the rest), then `otherEvents` events over other parcels.
 */
async function insertTimeline(tx: Tx, options: DealSeedOptions, busy: { parcelId: string; dealId: string }): Promise<number> {
  const busyEvents = options.busyEvents ?? 1000;
  const actor = JSON.stringify({ type: 'user', id: options.userId, label: 'owner@bench.invalid' });
  await tx.query(
    `insert into activity_events (id, kind, at, actor, data)
     select ${FIRST_EVENT_ID} + n, e.kind, now() - ($3::int - n) * interval '2 hours', $4::jsonb,
            jsonb_build_object('propertyId', $1::uuid) || case when e.kind like 'deal.%' or ${u(31)} < 0.3
                                                               then jsonb_build_object('dealId', $2::uuid) else '{}' end
       from generate_series(1, $3::int) as n cross join lateral (select ${pick(BUSY_KINDS, 30)} as kind) e`,
    [busy.parcelId, busy.dealId, busyEvents, actor],
  );
  await tx.query(
    `insert into activity_subjects (subject_type, subject_id, event_id, kind)
     select 'property', $1::uuid, id, kind from activity_events where id between ${FIRST_EVENT_ID + 1} and ${FIRST_EVENT_ID} + $3::int
     union all
     select 'deal', $2::uuid, id, kind from activity_events
      where id between ${FIRST_EVENT_ID + 1} and ${FIRST_EVENT_ID} + $3::int and data ->> 'dealId' is not null`,
    [busy.parcelId, busy.dealId, busyEvents],
  );
  const otherEvents = options.otherEvents ?? 200_000;
  if (otherEvents === 0) return 0;
  const first = FIRST_EVENT_ID + busyEvents;
  const [done] = await tx.query<{ n: number }>(
    `with parcel as (select id, row_number() over (order by id) as n from (select id from parcels order by id limit ${EVENT_PARCELS}) p),
          spread as (select ${first} + n as id, 1 + floor(${u(40)} ^ 2 * (select count(*) from parcel))::int as parcel_n,
                            ${pick(OTHER_KINDS, 41)} as kind, now() - ${u(42)} * interval '730 days' as at
                       from generate_series(1, $2::int) as n),
          events as (insert into activity_events (id, kind, at, actor, data)
                     select s.id, s.kind, s.at, $3::jsonb, jsonb_build_object('propertyId', p.id)
                       from spread s join parcel p on p.n = s.parcel_n where p.id <> $1::uuid
                     returning id, kind, data)
     , subjects as (insert into activity_subjects (subject_type, subject_id, event_id, kind)
                    select 'property', (data ->> 'propertyId')::uuid, id, kind from events returning 1)
     select count(*)::int as n from subjects`,
    [busy.parcelId, otherEvents, actor],
  );
  return done!.n;
}

/** Fills the Acquisitions pipeline of a tenant whose parcels are seeded; expects it to have no deals yet. */
export async function seedDeals(db: Database, tenantId: string, options: DealSeedOptions): Promise<SeededDeals> {
  const started = performance.now();
  const seeded = await db.withTenant(tenantId, async (tx) => {
    const [pipeline] = await tx.query<{ id: string }>(`select id from pipelines where name = 'Acquisitions'`);
    if (!pipeline) throw new Error('the tenant has no Acquisitions pipeline');
    const stageRows = await tx.query<{ id: string; name: string; kind: SeededStage['kind'] }>(
      'select id, name, kind from pipeline_stages where pipeline_id = $1 order by position',
      [pipeline.id],
    );
    if (stageRows.length !== STAGE_SHARES.length)
      throw new Error(`Acquisitions has ${stageRows.length} stages, expected ${STAGE_SHARES.length}`);
    await insertDeals(tx, options, pipeline.id, stageRows);
    const cards = await tx.query<{ id: string; stage_id: string }>(
      'select id, stage_id from deals where pipeline_id = $1 order by stage_id, position, id',
      [pipeline.id],
    );
    const stages = stageRows.map((stage) => ({
      ...stage,
      dealIds: cards.filter((card) => card.stage_id === stage.id).map((card) => card.id),
    }));
    // The busy property is the one of the top card of "Offer made": a deal far enough along to have a long history.
    const busyDealId = stages[3]!.dealIds[0]!;
    const [busy] = await tx.query<{ parcel_id: string }>('select parcel_id from deals where id = $1', [busyDealId]);
    const otherEvents = await insertTimeline(tx, options, { parcelId: busy!.parcel_id, dealId: busyDealId });
    return { pipelineId: pipeline.id, stages, busyPropertyId: busy!.parcel_id, otherEvents };
  });
  await db.refreshStatistics(['deals', 'tasks', 'activity_events', 'activity_subjects']);
  return { ...seeded, seconds: (performance.now() - started) / 1000 };
}
