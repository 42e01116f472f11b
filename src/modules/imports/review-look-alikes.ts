import type { Actor } from '../../platform/auth/principal.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { refreshParcelSearch } from '../properties/service.js';
import { restack } from './apply-batch.js';

interface CandidateRow {
  id: string;
  import_id: string | null;
  similarity: number;
  status: 'pending' | 'merged' | 'kept_apart';
  created_at: Date;
  incoming_id: string;
  incoming_address: string | null;
  incoming_city: string | null;
  incoming_zip: string | null;
  existing_id: string;
  existing_address: string | null;
  existing_city: string | null;
  existing_zip: string | null;
}

const SELECT = `select c.id, c.import_id, c.similarity, c.status, c.created_at,
    i.id as incoming_id, i.address_line1 as incoming_address, i.city as incoming_city, i.zip as incoming_zip,
    e.id as existing_id, e.address_line1 as existing_address, e.city as existing_city, e.zip as existing_zip
  from merge_candidates c join parcels i on i.id = c.incoming_parcel_id join parcels e on e.id = c.existing_parcel_id`;

const present = (row: CandidateRow) => ({
  id: row.id,
  importId: row.import_id,
  similarity: Math.round(row.similarity * 100) / 100,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  incoming: { propertyId: row.incoming_id, address: row.incoming_address, city: row.incoming_city, zip: row.incoming_zip },
  existing: { propertyId: row.existing_id, address: row.existing_address, city: row.existing_city, zip: row.existing_zip },
});

/** Look-alike pairs waiting for a decision (or all of them), most similar first. */
export async function listLookAlikes(db: Database, tenantId: string, status: 'pending' | 'all' = 'pending') {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<CandidateRow>(
      `${SELECT} ${status === 'pending' ? `where c.status = 'pending'` : ''} order by c.similarity desc, c.created_at limit 500`,
    ),
  );
  return { items: rows.map(present) };
}

/** Columns a merge may fill on the surviving property when it has no value there. */
const FILLABLE = [
  'apn',
  'county',
  'fips',
  'latitude',
  'longitude',
  'property_type',
  'beds',
  'baths',
  'living_sqft',
  'lot_sqft',
  'year_built',
  'assessed_value',
  'market_value',
  'last_sale_date',
  'last_sale_price',
  'mortgage_balance',
  'free_and_clear',
  'tax_owed',
  'occupancy',
];

/**
 * Decides a look-alike pair. Merging moves everything the newer property carries
 * (lists, owners, field history) onto the existing one, fills its empty fields,
 * and deletes the newer one; keeping them apart just records the decision.
 */
export async function decideLookAlike(db: Database, tenantId: string, actor: Actor, id: string, decision: 'merge' | 'keep_apart') {
  return db.withTenant(tenantId, async (tx) => {
    const [candidate] = await tx.query<CandidateRow>(`${SELECT} where c.id = $1 for update of c`, [id]);
    if (!candidate) throw notFound('Look-alike');
    if (candidate.status !== 'pending')
      throw new AppError('conflict', `This pair was already ${candidate.status === 'merged' ? 'merged' : 'kept apart'}`);
    const from = candidate.incoming_id;
    const into = candidate.existing_id;
    if (decision === 'merge') {
      await tx.query(
        `update parcels e set ${FILLABLE.map((c) => `${c} = coalesce(e.${c}, i.${c})`).join(', ')}, updated_at = now()
           from parcels i where e.id = $2 and i.id = $1`,
        [from, into],
      );
      await tx.query(
        `insert into list_memberships (list_id, parcel_id, import_id, added_at)
         select list_id, $2, import_id, added_at from list_memberships where parcel_id = $1 on conflict do nothing`,
        [from, into],
      );
      await tx.query('update list_rows set parcel_id = $2 where parcel_id = $1', [from, into]);
      await tx.query(
        `insert into parcel_owners (parcel_id, owner_id, source) select $2, owner_id, source from parcel_owners where parcel_id = $1 on conflict do nothing`,
        [from, into],
      );
      await tx.query('update parcel_field_values set parcel_id = $2 where parcel_id = $1', [from, into]);
      await tx.query('update leads set parcel_id = $2 where parcel_id = $1', [from, into]);
      // Its recorded sales move too, unless the property already has a sale that day (the same deed).
      await tx.query(
        `update property_sales s set parcel_id = $2
          where s.parcel_id = $1 and not exists (select 1 from property_sales t where t.parcel_id = $2 and t.sale_date = s.sale_date)`,
        [from, into],
      );
      // So does what came of working it, when the property has no outcome of its own.
      await tx.query(
        `insert into parcel_outcomes (parcel_id, outcome, source, set_at) select $2, outcome, source, set_at from parcel_outcomes where parcel_id = $1 on conflict do nothing`,
        [from, into],
      );
      // The pair's own row goes with the deleted property; keep the decision on record in the audit log.
      await tx.query('update merge_candidates set existing_parcel_id = $2 where existing_parcel_id = $1 and id <> $3', [from, into, id]);
      await tx.query('delete from parcels where id = $1', [from]);
      await restack(tx, [into]);
      await refreshParcelSearch(tx, [into]);
    } else {
      await tx.query(`update merge_candidates set status = 'kept_apart', decided_at = now() where id = $1`, [id]);
    }
    await recordAudit(tx, actor, {
      action: decision === 'merge' ? 'property.merged' : 'property.kept_apart',
      entityType: 'property',
      entityId: into,
      before: { incoming: from, address: candidate.incoming_address },
      after: { existing: into, address: candidate.existing_address, decision },
    });
    return { decision, propertyId: decision === 'merge' ? into : from };
  });
}
