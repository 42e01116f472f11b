import type { Tx } from '../../platform/db/database.js';
import type { EnrichmentStatus, ProviderName } from './providers.js';

export interface ParcelStatus {
  parcelId: string;
  status: EnrichmentStatus;
  detail: string | null;
}

/** Where each parcel now stands with the provider, in one statement. */
export async function recordStatuses(tx: Tx, provider: ProviderName, statuses: ParcelStatus[]): Promise<void> {
  if (statuses.length === 0) return;
  await tx.query(
    `insert into parcel_enrichments (parcel_id, provider, status, detail)
     select parcel_id, $1, status, detail from unnest($2::uuid[], $3::text[], $4::text[]) as x(parcel_id, status, detail)
     on conflict (tenant_id, parcel_id, provider) do update set status = excluded.status, detail = excluded.detail, updated_at = now()`,
    [provider, statuses.map((s) => s.parcelId), statuses.map((s) => s.status), statuses.map((s) => s.detail)],
  );
}
