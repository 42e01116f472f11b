import type { Tx } from '../../platform/db/database.js';
import { CRITERIA, SHARE_BY_STATUS, STATUS_BY_CODE, type Criterion, type CriterionStatus, type Weights } from './criteria.js';

/**
 * One query scores buy boxes against deals, both ways: every box against one deal
 * (a deal's ranked buyers) and one buyer's boxes against every open deal (its
 * suggested deals). Each criterion becomes a status code per box and deal:
 * 2 met, 1 unstated by the box (half the points), 0 unknown for the deal (no points,
 * never excludes), -1 unmet (no points; excludes the box when it is required).
 */

/**
 * The facts of deals a box is compared with. The price is what a buyer would pay:
 * the buyer price, else the contract price, else the asking price, else the MAO.
 * Strategies and financing a deal suits follow from its type: a wholesale contract
 * goes to flippers and landlords alike, a retail-ready wholetail also to buyers with
 * a conventional loan.
 */
const DEAL_FACTS = `
  select d.id as deal_id, d.title, d.deal_type, d.created_at,
         coalesce(d.buyer_price, d.contract_price, d.asking_price, d.mao)::float8 as price,
         d.arv::float8 as arv,
         p.zip,
         upper(p.city) || ', ' || upper(p.state) as city_key,
         upper(regexp_replace(trim(p.county), '\\s+county$', '', 'i')) || ', ' || upper(p.state) as county_key,
         p.latitude, p.longitude,
         property_type_key(p.property_type) as property_type,
         p.beds::float8 as beds, p.baths::float8 as baths, p.living_sqft, p.year_built,
         r.preset as rehab,
         d.expected_close_date as close_date,
         case d.deal_type
           when 'flip' then array['flip', 'wholetail']
           when 'rental' then array['rental', 'brrrr']
           when 'subject_to' then array['rental', 'brrrr']
           else array['flip', 'rental', 'brrrr', 'wholetail']
         end || case when property_type_key(p.property_type) = 'land' then array['new_build'] else '{}'::text[] end as strategies,
         case when d.deal_type in ('wholetail', 'novation') then array['cash', 'hard_money', 'private', 'conventional']
              else array['cash', 'hard_money', 'private'] end as financing,
         p.address_line1, p.city, p.state
    from deals d
    join parcels p on p.tenant_id = d.tenant_id and p.id = d.parcel_id
    left join parcel_repairs r on r.tenant_id = d.tenant_id and r.parcel_id = d.parcel_id`;

const range = (fact: string, low: string, high: string) => `case
    when ${low} is null and ${high} is null then 1
    when ${fact} is null then 0
    when (${low} is null or ${fact} >= ${low}) and (${high} is null or ${fact} <= ${high}) then 2
    else -1 end`;
const oneOf = (fact: string, choices: string) => `case
    when cardinality(${choices}) = 0 then 1
    when ${fact} is null then 0
    when ${fact} = any(${choices}) then 2
    else -1 end`;
const overlaps = (facts: string, choices: string) =>
  `case when cardinality(${choices}) = 0 then 1 when ${choices} && ${facts} then 2 else -1 end`;

/** Miles between the deal and the box's centre (haversine; the Earth as a sphere is close enough for a radius). */
const MILES = `3958.8 * 2 * asin(sqrt(
    power(sin(radians(f.latitude - b.center_latitude) / 2), 2)
    + cos(radians(b.center_latitude)) * cos(radians(f.latitude)) * power(sin(radians(f.longitude - b.center_longitude) / 2), 2)))`;

/** Status code per criterion, in CRITERIA order, over `f` (deal facts), `b` (box) and `buyer`. */
const STATUS_SQL: Record<Criterion, string> = {
  location: `case
    when cardinality(b.zips) = 0 and cardinality(b.cities) = 0 and cardinality(b.counties) = 0 and b.radius_miles is null then 1
    when f.zip = any(b.zips) or f.city_key = any(b.cities) or f.county_key = any(b.counties)
      or (b.radius_miles is not null and f.latitude is not null and ${MILES} <= b.radius_miles) then 2
    when f.zip is null and f.city_key is null and f.county_key is null and f.latitude is null then 0
    else -1 end`,
  // Without a price, a budget reaching 70% of the ARV is taken as room for one.
  price: `case
    when b.min_price is null and b.max_price is null then 1
    when f.price is not null then
      case when (b.min_price is null or f.price >= b.min_price) and (b.max_price is null or f.price <= b.max_price) then 2 else -1 end
    when f.arv is not null and b.max_price is not null then case when b.max_price >= 0.7 * f.arv then 2 else -1 end
    else 0 end`,
  propertyType: oneOf('f.property_type', 'b.property_types'),
  strategy: overlaps('f.strategies', 'b.strategies'),
  financing: overlaps('f.financing', 'b.financing'),
  // Proof of funds is the buyer's: on file, not expired, and enough for the price.
  proofOfFunds: `case
    when buyer.pof_amount is null or buyer.pof_expires_on < current_date then -1
    when f.price is not null and buyer.pof_amount < f.price then -1
    else 2 end`,
  arv: range('f.arv', 'b.min_arv', 'b.max_arv'),
  beds: range('f.beds', 'b.min_beds', 'b.max_beds'),
  baths: range('f.baths', 'b.min_baths', 'b.max_baths'),
  sqft: range('f.living_sqft', 'b.min_sqft', 'b.max_sqft'),
  yearBuilt: range('f.year_built', 'b.min_year', 'b.max_year'),
  rehab: oneOf('f.rehab', 'b.rehab_levels'),
  closingSpeed: `case
    when b.close_within_days is null then 1
    when f.close_date is null then 0
    when current_date + b.close_within_days <= f.close_date then 2
    else -1 end`,
};

const statusColumns = CRITERIA.map((criterion, i) => `${STATUS_SQL[criterion]} as s${i}`).join(',\n');
/** $1 is the weights in CRITERIA order; share 1 for met, ½ for unstated. */
const pointsSql = CRITERIA.map((_, i) => `($1::float8[])[${i + 1}] * (case s${i} when 2 then 1 when 1 then 0.5 else 0 end)`).join(' + ');
const unmetSql = `array_remove(array[${CRITERIA.map((c, i) => `case when s${i} = -1 then '${c}' end`).join(', ')}], null)`;

export interface ScoredPair {
  dealId: string;
  buyerId: string;
  boxId: string;
  score: number;
  statuses: CriterionStatus[];
}

export interface Reason {
  criterion: Criterion;
  points: number;
  weight: number;
  status: CriterionStatus;
}

interface PairRow {
  deal_id: string;
  buyer_id: string;
  box_id: string;
  score: number;
  codes: number[];
}

/**
 * Scores boxes against deals and keeps each pair's best box: for one deal, one row
 * per buyer; for one buyer, one row per deal. Boxes of inactive buyers, inactive
 * boxes and boxes whose required criteria a deal fails are left out. $1 and $2 are
 * the weights and their sum.
 */
function bestBoxesSql(dealFilter: string, boxFilter: string, partition: 'buyer_id' | 'deal_id'): string {
  return `
    with f as (${DEAL_FACTS} where ${dealFilter}),
    statuses as (
      select f.deal_id, f.created_at as deal_created_at, b.buyer_id, b.id as box_id, b.required, buyer.tier, buyer.name,
             ${statusColumns}
        from f
        cross join buy_boxes b
        join buyers buyer on buyer.tenant_id = b.tenant_id and buyer.id = b.buyer_id
       where b.active and buyer.status = 'active' and ${boxFilter}
    ),
    scored as (
      select deal_id, deal_created_at, buyer_id, box_id, tier, name,
             coalesce(round(100 * (${pointsSql}) / nullif($2::float8, 0))::int, 0) as score,
             array[${CRITERIA.map((_, i) => `s${i}`).join(', ')}]::int[] as codes
        from statuses
       where cardinality(required) = 0 or not (required && ${unmetSql})
    )
    select distinct on (${partition}) * from scored order by ${partition}, score desc, box_id`;
}

function toPair(row: PairRow): ScoredPair {
  return {
    dealId: row.deal_id,
    buyerId: row.buyer_id,
    boxId: row.box_id,
    score: row.score,
    statuses: row.codes.map((code) => STATUS_BY_CODE[code]!),
  };
}

const weightParams = (weights: Weights) => {
  const list = CRITERIA.map((criterion) => weights[criterion]);
  return [list, list.reduce((sum, weight) => sum + weight, 0)];
};

/** Each criterion's points for a scored pair, leaving out what weighs nothing. */
export function reasonsOf(statuses: readonly CriterionStatus[], weights: Weights): Reason[] {
  return CRITERIA.flatMap((criterion, i) => {
    const weight = weights[criterion];
    const status = statuses[i]!;
    return weight > 0 ? [{ criterion, weight, status, points: weight * SHARE_BY_STATUS[status] }] : [];
  });
}

interface Options {
  minScore: number;
  limit: number;
}

/** Buyers for one deal, best first (VIP first at equal scores, then by name). */
export async function scoreBuyersForDeal(
  tx: Tx,
  dealId: string,
  weights: Weights,
  options: Options,
): Promise<{ pairs: ScoredPair[]; total: number }> {
  const rows = await tx.query<PairRow & { total: number }>(
    `select *, count(*) over ()::int as total from (${bestBoxesSql('d.id = $3', 'true', 'buyer_id')}) best
      where score >= $4
      order by score desc, (tier = 'vip') desc, lower(name), buyer_id
      limit $5`,
    [...weightParams(weights), dealId, options.minScore, options.limit],
  );
  return { pairs: rows.map(toPair), total: rows[0]?.total ?? 0 };
}

/**
 * Open deals for one buyer, best first (newest first at equal scores): deals in an
 * open stage that are not assigned to a buyer yet.
 */
export async function scoreDealsForBuyer(
  tx: Tx,
  buyerId: string,
  weights: Weights,
  options: Options,
): Promise<{ pairs: ScoredPair[]; total: number }> {
  const openDeals = `exists (select 1 from pipeline_stages s where s.tenant_id = d.tenant_id and s.id = d.stage_id and s.kind = 'open')
    and not exists (select 1 from deal_assignments a where a.tenant_id = d.tenant_id and a.deal_id = d.id)`;
  const rows = await tx.query<PairRow & { total: number }>(
    `select *, count(*) over ()::int as total from (${bestBoxesSql(openDeals, 'b.buyer_id = $3', 'deal_id')}) best
      where score >= $4
      order by score desc, deal_created_at desc, deal_id
      limit $5`,
    [...weightParams(weights), buyerId, options.minScore, options.limit],
  );
  return { pairs: rows.map(toPair), total: rows[0]?.total ?? 0 };
}
