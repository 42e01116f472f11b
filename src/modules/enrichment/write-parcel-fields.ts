import type { Tx } from '../../platform/db/database.js';

/** Parcel columns enrichment may set, with their SQL types. */
const FIELD_TYPES = {
  latitude: 'double precision',
  longitude: 'double precision',
  city: 'text',
  state: 'text',
  county: 'text',
  time_zone: 'text',
  beds: 'numeric',
  baths: 'numeric',
  living_sqft: 'integer',
  lot_sqft: 'integer',
  year_built: 'integer',
} as const;

export type EnrichableField = keyof typeof FIELD_TYPES;
export type FieldValues = Partial<Record<EnrichableField, string | number>>;
export type LocationPrecision = 'source' | 'geocoded' | 'zip_centroid';

/** New values for one parcel; fields left out keep their value. */
export interface ParcelFieldChange {
  id: string;
  values: FieldValues;
  /** Where the coordinates now come from; a note on them, so it has no provenance or history of its own. */
  locationPrecision?: LocationPrecision;
}

const FIELDS = Object.keys(FIELD_TYPES) as EnrichableField[];
const RECORDSET = `x(id uuid, ${FIELDS.map((f) => `${f} ${FIELD_TYPES[f]}`).join(', ')}, location_precision text)`;

/**
 * Writes enrichment values into parcels the way imports do, in one statement
 * for any number of parcels: each changed field gets `{source, at}` in the
 * parcel's provenance, and a non-null value it replaces goes to
 * parcel_field_values with the source and time it had. Callers decide which
 * values may be written (never an approximation over what a list gave).
 * Returns how many parcels changed.
 */
export async function writeParcelFields(tx: Tx, source: string, changes: ParcelFieldChange[]): Promise<number> {
  const rows = changes.filter((c) => Object.keys(c.values).length > 0 || c.locationPrecision);
  if (rows.length === 0) return 0;
  const records = JSON.stringify(rows.map((c) => ({ id: c.id, ...c.values, location_precision: c.locationPrecision ?? null })));
  // Values are compared typed (3 = 3.0) and kept in history as text, as imports keep them.
  const fieldChanges = (f: EnrichableField) => `x.${f} is not null and x.${f} is distinct from p.${f}`;
  // Every expression is per row: no aggregate joined back, which a planner without table
  // statistics (PGlite has no autovacuum) would rescan once per parcel.
  const changed = await tx.query<{ id: string }>(
    `with x as materialized (select * from jsonb_to_recordset($1::jsonb) as ${RECORDSET}),
     replaced as (
       insert into parcel_field_values (parcel_id, field, value, source, observed_at)
       select p.id, f.field, to_jsonb(f.old_value), coalesce(p.provenance -> f.field ->> 'source', p.source),
              coalesce((p.provenance -> f.field ->> 'at')::timestamptz, p.created_at)
         from x join parcels p on p.id = x.id
         cross join lateral (values ${FIELDS.map((f) => `('${f}', p.${f}::text, ${fieldChanges(f)})`).join(', ')}) as f(field, old_value, changes)
        where f.changes and f.old_value is not null)
     update parcels p
        set ${FIELDS.map((f) => `${f} = coalesce(x.${f}, p.${f})`).join(', ')},
            location_precision = coalesce(x.location_precision, p.location_precision),
            provenance = p.provenance || jsonb_strip_nulls(jsonb_build_object(${FIELDS.map((f) => `'${f}', case when ${fieldChanges(f)} then jsonb_build_object('source', $2::text, 'at', now()) end`).join(', ')})),
            updated_at = now()
       from x
      where p.id = x.id
        and (${FIELDS.map((f) => `(${fieldChanges(f)})`).join(' or ')} or x.location_precision is distinct from p.location_precision and x.location_precision is not null)
      returning p.id`,
    [records, source],
  );
  return changed.length;
}
