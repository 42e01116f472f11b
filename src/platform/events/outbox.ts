import type { Tx } from '../db/database.js';

export interface DomainEvent {
  type: string;
  payload: Record<string, unknown>;
  requestId?: string | null;
  /** Who caused it, as the activity timeline names them. */
  actor?: { type: string; id: string | null; label: string } | null;
}

/**
 * Records an event in the same transaction as the change it describes, so a crash
 * between the write and the publish loses nothing; the dispatcher turns it into jobs.
 */
export async function publishEvent(tx: Tx, event: DomainEvent): Promise<void> {
  const actor = event.actor ? { type: event.actor.type, id: event.actor.id, label: event.actor.label } : null;
  await tx.query('insert into outbox_events (type, payload, request_id, actor) values ($1, $2, $3, $4)', [
    event.type,
    JSON.stringify(event.payload),
    event.requestId ?? null,
    actor === null ? null : JSON.stringify(actor),
  ]);
}
