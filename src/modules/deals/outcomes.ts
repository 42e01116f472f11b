import type { Database, Tx } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { recordOutcomes } from '../scoring/outcomes.js';
import { DEAL_CREATED, DEAL_STAGE_CHANGED } from './stage-changes.js';

/**
 * Tells the motivation model what came of a deal's property once the deal closes:
 * won, or dead when no other deal of the property is still open or won. A deal
 * reopened takes its outcome back. Reads the deal as it is now, not the event, so
 * replays and events out of order land on the same answer.
 */
export async function recordDealOutcome(tx: Tx, dealId: string): Promise<void> {
  const [deal] = await tx.query<{ parcel_id: string; kind: 'open' | 'won' | 'lost' }>(
    'select d.parcel_id, s.kind from deals d join pipeline_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id where d.id = $1',
    [dealId],
  );
  if (!deal) return;
  const source = `deal:${dealId}`;
  if (deal.kind === 'won') {
    await recordOutcomes(tx, [{ parcelId: deal.parcel_id, outcome: 'won' }], source);
    return;
  }
  if (deal.kind === 'lost') {
    const [stillWorked] = await tx.query(
      `select 1 from deals d join pipeline_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
        where d.parcel_id = $1 and d.id <> $2 and s.kind <> 'lost' limit 1`,
      [deal.parcel_id, dealId],
    );
    if (!stillWorked) await recordOutcomes(tx, [{ parcelId: deal.parcel_id, outcome: 'dead' }], source);
    return;
  }
  await tx.query('delete from parcel_outcomes where parcel_id = $1 and source = $2', [deal.parcel_id, source]);
}

export function recordDealOutcomesJob(db: Database): JobDefinition<{ dealId?: unknown }> {
  return {
    name: 'record-deal-outcomes',
    subscribes: [DEAL_CREATED, DEAL_STAGE_CHANGED],
    retryLimit: 10,
    retryDelaySeconds: 5,
    handler: async ({ tenantId, data }) => {
      if (!tenantId || typeof data.dealId !== 'string') return;
      await db.withTenant(tenantId, (tx) => recordDealOutcome(tx, data.dealId as string));
    },
  };
}
