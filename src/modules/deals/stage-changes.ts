import { userIdOf, type Actor } from '../../platform/auth/principal.js';
import type { Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';

export const DEAL_CREATED = 'deal.created';
export const DEAL_STAGE_CHANGED = 'deal.stage_changed';
export const DEAL_UPDATED = 'deal.updated';

export interface StageMove {
  dealId: string;
  propertyId: string;
  leadId: string | null;
  assigneeId: string | null;
  pipelineId: string;
  /** Null when the deal is new. */
  from: string | null;
  to: string;
}

/**
 * Records a move of a deal between stages (its history: who, when, from, to) and
 * announces it, in the transaction of the move.
 */
export async function recordStageChange(tx: Tx, actor: Actor, move: StageMove): Promise<void> {
  await tx.query('insert into deal_stage_changes (deal_id, from_stage_id, to_stage_id, changed_by) values ($1, $2, $3, $4)', [
    move.dealId,
    move.from,
    move.to,
    userIdOf(actor),
  ]);
  if (move.from === null) return;
  await publishEvent(tx, {
    type: DEAL_STAGE_CHANGED,
    payload: {
      dealId: move.dealId,
      propertyId: move.propertyId,
      leadId: move.leadId,
      assigneeId: move.assigneeId,
      pipelineId: move.pipelineId,
      fromStageId: move.from,
      toStageId: move.to,
    },
    requestId: actor.requestId,
    actor,
  });
}
