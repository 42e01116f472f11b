import type { Tx } from '../db/database.js';

export interface DomainEvent {
  type: string;
  payload: Record<string, unknown>;
  requestId?: string | null;
}

/**
 * Records an event in the same transaction as the change it describes, so a crash
 * between the write and the publish loses nothing; the dispatcher turns it into jobs.
 */
export async function publishEvent(tx: Tx, event: DomainEvent): Promise<void> {
  await tx.query('insert into outbox_events (type, payload, request_id) values ($1, $2, $3)', [
    event.type,
    JSON.stringify(event.payload),
    event.requestId ?? null,
  ]);
}
