import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { deriveSignals, SIGNAL_RULES } from './derive-signals.js';
import { ENRICHMENT_COMPLETED, SIGNALS_REDERIVED } from './enrichment-events.js';

/** Parcels per batch, each batch one transaction, as in an enrichment run. */
const BATCH = 5000;

const anyOutdated = async (tx: Tx) => (await tx.query('select 1 from parcel_signals where rules < $1 limit 1', [SIGNAL_RULES])).length > 0;

/**
 * Derives again, by the current rules (SIGNAL_RULES), the signals of every parcel
 * of the tenant that older rules derived, one batch per transaction; each batch is
 * published as enriched, which rescores it. The batch that leaves none behind also
 * publishes SIGNALS_REDERIVED. Resumable and idempotent: a derived batch carries the
 * current rules, so a run cut off goes on where it stopped, and a finished tenant
 * costs one index probe. Runs at once for one tenant take turns batch by batch.
 */
export async function rederiveOutdatedSignals(db: Database, tenantId: string, batchSize = BATCH): Promise<{ parcels: number }> {
  let parcels = 0;
  for (;;) {
    const { derived, finished } = await db.withTenant(tenantId, async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtextextended('signal rules ' || current_tenant_id()::text, 0))`);
      const batch = (
        await tx.query<{ parcel_id: string }>('select parcel_id from parcel_signals where rules < $1 limit $2', [SIGNAL_RULES, batchSize])
      ).map((row) => row.parcel_id);
      if (batch.length === 0) return { derived: 0, finished: true };
      await deriveSignals(tx, batch);
      await publishEvent(tx, { type: ENRICHMENT_COMPLETED, payload: { runId: null, parcelIds: batch } });
      const finished = !(await anyOutdated(tx));
      if (finished) await publishEvent(tx, { type: SIGNALS_REDERIVED, payload: { rules: SIGNAL_RULES } });
      return { derived: batch.length, finished };
    });
    parcels += derived;
    if (finished) return { parcels };
  }
}
