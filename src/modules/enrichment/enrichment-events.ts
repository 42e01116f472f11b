/**
 * Events of the enrichment pipeline. Publish PARCELS_CHANGED with
 * `{importId}` (the parcels an import added or changed) or `{parcelIds}` to
 * have them enriched when the tenant's auto-enrich setting is on.
 */
export const PARCELS_CHANGED = 'parcels.changed';
/** Someone asked for a run: `{runId, scope, force}`. */
export const ENRICHMENT_REQUESTED = 'enrichment.requested';
/** A batch of parcels went through every provider: `{runId, parcelIds}`. */
export const ENRICHMENT_COMPLETED = 'enrichment.completed';
/**
 * Every parcel of the tenant whose signals older rules derived has been derived
 * again by the current ones (`{rules}`): what a signal means changed, so whatever
 * learnt from the old values (the motivation model) should learn again.
 */
export const SIGNALS_REDERIVED = 'signals.rederived';
