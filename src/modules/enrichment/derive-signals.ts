import type { Tx } from '../../platform/db/database.js';

/**
 * Computes the distress signals of a batch of parcels from the tenant's own
 * data, in one statement, into parcel_signals. A signal is null where the data
 * cannot tell (no owner, no value, no mailing address…):
 *
 * - absentee: no owner's mailing address is the property (address key, or line and ZIP);
 *   without mailing addresses, the occupancy column when it says so
 * - out_of_state: an owner's mailing state differs from the property's
 * - years_owned: since the last sale
 * - equity: market value (else assessed value) less the open mortgage; equity_percent of that value
 * - free_and_clear: a known value with no mortgage balance, or a zero one
 * - tax_delinquent: tax owed, or a list with the tax_delinquent tag
 * - vacant: the occupancy says vacant, or a list with the vacant tag
 * - entity_owned, trust_or_estate (also a probate list): from the owners' parsed names
 * - owner_parcel_count: the most parcels any of its owners holds in the tenant
 * - distress_list_count and distress_tags: the tagged lists it is on
 */
export async function deriveSignals(tx: Tx, parcelIds: string[]): Promise<void> {
  await tx.query(
    `with scope as (select unnest($1::uuid[]) as id),
     links as (
       select po.parcel_id, o.id as owner_id, o.kind, o.entity_type, o.mailing_state, p.state as parcel_state,
              (o.mailing_key is not null or o.mailing_line1 is not null) as mailing_known,
              coalesce(o.mailing_key = p.address_key or (o.mailing_line1 = p.address_line1 and left(o.mailing_zip, 5) = p.zip), false) as lives_there
         from scope s join parcels p on p.id = s.id join parcel_owners po on po.parcel_id = p.id join owners o on o.id = po.owner_id),
     holdings as (
       select owner_id, count(*)::int as parcels from parcel_owners where owner_id in (select owner_id from links) group by owner_id),
     owned as (
       select l.parcel_id,
              bool_or(l.mailing_known) as mailing_known,
              bool_or(l.mailing_known and l.lives_there) as owner_lives_there,
              bool_or(l.mailing_state is not null) as mailing_state_known,
              bool_or(l.mailing_state is not null and l.mailing_state <> l.parcel_state) as owner_out_of_state,
              bool_or(l.kind <> 'unknown') as kind_known,
              bool_or(l.kind = 'entity') as entity,
              bool_or(l.entity_type in ('trust', 'estate')) as trust_or_estate,
              max(h.parcels) as owner_parcels
         from links l join holdings h on h.owner_id = l.owner_id group by l.parcel_id),
     tagged_lists as (
       select lm.parcel_id, count(*)::int as lists
         from scope s join list_memberships lm on lm.parcel_id = s.id join lists l on l.id = lm.list_id
        where cardinality(l.tags) > 0 group by lm.parcel_id)
     insert into parcel_signals (parcel_id, absentee, out_of_state, years_owned, equity, equity_percent, free_and_clear, tax_delinquent,
                                 vacant, entity_owned, trust_or_estate, owner_parcel_count, distress_list_count, distress_tags, computed_at)
     select p.id,
            case when o.mailing_known and (p.address_key is not null or p.address_line1 is not null) then not o.owner_lives_there
                 when p.occupancy ~* 'non[- ]?owner|absentee|tenant|rent' then true
                 when p.occupancy ~* 'owner' then false end,
            case when p.state is not null and o.mailing_state_known then o.owner_out_of_state end,
            round((current_date - p.last_sale_date) / 365.25, 2),
            v.equity,
            -- The column holds ±99,999.99 %: a mortgage far above a tiny assessed value must not fail the batch.
            case when v.value > 0 then greatest(-99999.99, least(99999.99, round(100 * v.equity / v.value, 2))) end,
            case when v.value is not null then coalesce(p.mortgage_balance, 0) = 0 end,
            case when p.tax_owed > 0 or 'tax_delinquent' = any(p.distress_tags) then true when p.tax_owed is not null then false end,
            case when p.occupancy ~* 'vacant' or 'vacant' = any(p.distress_tags) then true when p.occupancy is not null then false end,
            case when o.kind_known then o.entity end,
            case when o.trust_or_estate or 'probate' = any(p.distress_tags) then true when o.kind_known then false end,
            o.owner_parcels,
            coalesce(t.lists, 0),
            p.distress_tags,
            now()
       from scope s join parcels p on p.id = s.id
       cross join lateral (select coalesce(p.market_value, p.assessed_value) as value,
                                  coalesce(p.market_value, p.assessed_value) - coalesce(p.mortgage_balance, 0) as equity) v
       left join owned o on o.parcel_id = p.id
       left join tagged_lists t on t.parcel_id = p.id
     on conflict (tenant_id, parcel_id) do update set
       absentee = excluded.absentee, out_of_state = excluded.out_of_state, years_owned = excluded.years_owned, equity = excluded.equity,
       equity_percent = excluded.equity_percent, free_and_clear = excluded.free_and_clear, tax_delinquent = excluded.tax_delinquent,
       vacant = excluded.vacant, entity_owned = excluded.entity_owned, trust_or_estate = excluded.trust_or_estate,
       owner_parcel_count = excluded.owner_parcel_count, distress_list_count = excluded.distress_list_count,
       distress_tags = excluded.distress_tags, computed_at = excluded.computed_at`,
    [parcelIds],
  );
}
