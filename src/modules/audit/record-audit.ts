import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../../platform/auth/principal.js';
import type { Tx } from '../../platform/db/database.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Field-level changes: `{field: [before, after]}` for every field that differs. */
export function auditDiff(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const left = before?.[key] ?? null;
    const right = after?.[key] ?? null;
    if (!isDeepStrictEqual(left, right)) diff[key] = [left, right];
  }
  return diff;
}

/**
 * Appends one audit event inside the caller's tenant transaction, so the record
 * exists exactly when the change does. Callers pass presented objects, never secrets.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const before = entry.before ?? null;
  const after = entry.after ?? null;
  await tx.query(
    `insert into audit_events (actor_type, actor_id, actor_label, action, entity_type, entity_id,
                               before, after, diff, request_id, ip)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      actor.type,
      actor.id,
      actor.label,
      entry.action,
      entry.entityType,
      entry.entityId,
      before && JSON.stringify(before),
      after && JSON.stringify(after),
      JSON.stringify(auditDiff(before, after)),
      actor.requestId,
      actor.ip,
    ],
  );
}
