import type { Tx } from '../../platform/db/database.js';
import { PARCEL_EQUITY, PARCEL_VALUE } from '../properties/service.js';

/**
 * The version of the rules below, stored with every parcel's signals. Signals
 * derived by older rules are derived again by a worker job (rederiveOutdatedSignals):
 * raise it whenever a rule changes what a signal means.
 * Version 2: unknown is not zero; a missing mortgage balance, an incomparable
 * mailing address or an unclear occupancy no longer count as a value.
 */
export const SIGNAL_RULES = 2;

/**
 * Computes the distress signals of a batch of parcels from the tenant's own
 * data, in one statement, into parcel_signals. A signal is known only where the
 * data says so, and null where it cannot tell: null is never read as 0 or false.
 *
 * - absentee: no owner with a mailing address lives at the property (address key, or
 *   street line and ZIP), every such owner's address compared; without mailing
 *   addresses, the occupancy column when it says so
 * - out_of_state: an owner's mailing state differs from the property's; false once
 *   every owner with a mailing address has a state and none differs
 * - years_owned: since the last sale
 * - equity: value (market value, else assessed value) less the open mortgage, as the
 *   property list has it (PARCEL_EQUITY): known only when a source gave the mortgage
 *   balance (0 included) or said free and clear. equity_percent: of that value
 * - free_and_clear: a mortgage balance of 0 (any other balance: false), else what a
 *   source's free-and-clear flag says
 * - tax_delinquent: tax owed, or a list with the tax_delinquent tag; false when the tax owed is 0
 * - vacant: the occupancy says vacant, or a list with the vacant tag; false when it says occupied
 * - entity_owned, trust_or_estate (also a probate list): from the owners' parsed names;
 *   false only when every owner's name could be read
 * - owner_parcel_count: the most parcels any of its owners holds in the tenant
 * - distress_list_count and distress_tags: the tagged lists it is on
 */
export async function deriveSignals(tx: Tx, parcelIds: string[]): Promise<void> {
  await tx.query(
    `with scope as (select unnest($1::uuid[]) as id),
     links as (
       select po.parcel_id, o.id as owner_id, o.kind, o.entity_type, o.mailing_state, p.state as parcel_state,
              (o.mailing_key is not null or o.mailing_line1 is not null or o.mailing_state is not null) as mailing_known,
              -- Three-valued: null where the two addresses cannot be compared (one side missing).
              case when o.mailing_key = p.address_key or (o.mailing_line1 = p.address_line1 and left(o.mailing_zip, 5) = p.zip) then true
                   when o.mailing_line1 <> p.address_line1 or left(o.mailing_zip, 5) <> p.zip then false end as lives_there
         from scope s join parcels p on p.id = s.id join parcel_owners po on po.parcel_id = p.id join owners o on o.id = po.owner_id),
     holdings as (
       select owner_id, count(*)::int as parcels from parcel_owners where owner_id in (select owner_id from links) group by owner_id),
     owned as (
       select l.parcel_id,
              case when bool_or(l.lives_there) then false
                   when bool_and(l.lives_there is not null) filter (where l.mailing_known) then true end as absentee,
              case when bool_or(l.mailing_state <> l.parcel_state) then true
                   when bool_and(l.mailing_state is not null) filter (where l.mailing_known) then false end as out_of_state,
              case when bool_or(l.kind = 'entity') then true when bool_and(l.kind <> 'unknown') then false end as entity,
              case when bool_or(l.entity_type in ('trust', 'estate')) then true when bool_and(l.kind <> 'unknown') then false end as trust_or_estate,
              max(h.parcels) as owner_parcels
         from links l join holdings h on h.owner_id = l.owner_id group by l.parcel_id),
     tagged_lists as (
       select lm.parcel_id, count(*)::int as lists
         from scope s join list_memberships lm on lm.parcel_id = s.id join lists l on l.id = lm.list_id
        where cardinality(l.tags) > 0 group by lm.parcel_id)
     insert into parcel_signals (parcel_id, absentee, out_of_state, years_owned, equity, equity_percent, free_and_clear, tax_delinquent,
                                 vacant, entity_owned, trust_or_estate, owner_parcel_count, distress_list_count, distress_tags, rules, computed_at)
     select p.id,
            coalesce(o.absentee,
                     case when p.occupancy ~* 'non[- ]?owner|absentee|tenant|rent' then true
                          when p.occupancy ~* 'owner' then false end),
            case when p.state is not null then o.out_of_state end,
            round((current_date - p.last_sale_date) / 365.25, 2),
            v.equity,
            -- The column holds ±99,999.99 %: a mortgage far above a tiny assessed value must not fail the batch.
            -- (greatest and least skip nulls, so an unknown equity is kept out before them.)
            case when v.value > 0 and v.equity is not null then greatest(-99999.99, least(99999.99, round(100 * v.equity / v.value, 2))) end,
            case when p.mortgage_balance is not null then p.mortgage_balance = 0 else p.free_and_clear end,
            case when p.tax_owed > 0 or 'tax_delinquent' = any(p.distress_tags) then true when p.tax_owed = 0 then false end,
            -- "Unoccupied" says vacant and contains "occupied": vacancy is read first.
            case when p.occupancy ~* 'vacant|unoccupied|empty|abandoned' or 'vacant' = any(p.distress_tags) then true
                 when p.occupancy ~* 'occupied|owner|tenant|rent|leased' then false end,
            o.entity,
            case when 'probate' = any(p.distress_tags) then true else o.trust_or_estate end,
            o.owner_parcels,
            coalesce(t.lists, 0),
            p.distress_tags,
            $2,
            now()
       from scope s join parcels p on p.id = s.id
       cross join lateral (select ${PARCEL_VALUE} as value, ${PARCEL_EQUITY} as equity) v
       left join owned o on o.parcel_id = p.id
       left join tagged_lists t on t.parcel_id = p.id
     on conflict (tenant_id, parcel_id) do update set
       absentee = excluded.absentee, out_of_state = excluded.out_of_state, years_owned = excluded.years_owned, equity = excluded.equity,
       equity_percent = excluded.equity_percent, free_and_clear = excluded.free_and_clear, tax_delinquent = excluded.tax_delinquent,
       vacant = excluded.vacant, entity_owned = excluded.entity_owned, trust_or_estate = excluded.trust_or_estate,
       owner_parcel_count = excluded.owner_parcel_count, distress_list_count = excluded.distress_list_count,
       distress_tags = excluded.distress_tags, rules = excluded.rules, computed_at = excluded.computed_at`,
    [parcelIds, SIGNAL_RULES],
  );
}
