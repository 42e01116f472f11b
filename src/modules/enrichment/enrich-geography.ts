import type { Tx } from '../../platform/db/database.js';
import { planGeography, type GeographyParcel } from './plan-geography.js';
import { sourceOf } from './providers.js';
import { recordStatuses } from './record-status.js';
import { writeParcelFields } from './write-parcel-fields.js';
import { timeZoneAt, zipPlace } from './zip-geography.js';

/** Offline geography for a batch of parcels: one read, one write, one status statement. Returns how many parcels changed. */
export async function enrichGeography(tx: Tx, parcelIds: string[]): Promise<number> {
  const parcels = await tx.query<GeographyParcel>(
    `select id, apn, zip, city, state, county, latitude, longitude, location_precision, time_zone,
            coalesce(provenance -> 'latitude' ->> 'source', source) as latitude_source
       from parcels where id = any($1::uuid[])`,
    [parcelIds],
  );
  const plans = parcels.map((parcel) => ({
    parcelId: parcel.id,
    ...planGeography(parcel, parcel.zip ? zipPlace(parcel.zip) : null, timeZoneAt),
  }));
  const changed = await writeParcelFields(
    tx,
    sourceOf('geography'),
    plans.flatMap((plan) => (plan.change ? [plan.change] : [])),
  );
  await recordStatuses(tx, 'geography', plans);
  return changed;
}
