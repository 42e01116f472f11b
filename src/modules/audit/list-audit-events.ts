import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/contract.js';
import type { AuditEvent, AuditQuery } from './schema.js';

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  diff: Record<string, unknown>;
  request_id: string | null;
  ip: string | null;
}

const isIdCursor = (value: unknown): value is string => typeof value === 'string' && /^\d{1,19}$/.test(value);

/** Newest first, keyset-paginated on the event id. */
export async function listAuditEvents(db: Database, tenantId: string, query: AuditQuery) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, isIdCursor);
  if (query.cursor !== undefined && after === undefined) throw new AppError('validation', 'cursor is not valid');
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (query.entityType) add('entity_type = ?', query.entityType);
  if (query.entityId) add('entity_id = ?', query.entityId);
  if (query.actorId) add('actor_id = ?', query.actorId);
  if (query.action) add('action = ?', query.action);
  if (query.from) add('occurred_at >= ?', query.from);
  if (query.to) add('occurred_at < ?', query.to);
  if (after) add('id < ?', after);
  params.push(limit + 1);
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<AuditRow>(
      `select id::text as id, occurred_at, actor_type, actor_id, actor_label, action, entity_type, entity_id,
              before, after, diff, request_id, ip
         from audit_events ${where.length ? 'where ' + where.join(' and ') : ''}
        order by audit_events.id desc limit $${params.length}`,
      params,
    ),
  );
  const page = rows.slice(0, limit);
  const items: AuditEvent[] = page.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actor: { type: row.actor_type, id: row.actor_id, label: row.actor_label },
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    diff: row.diff,
    requestId: row.request_id,
    ip: row.ip,
  }));
  return { items, nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null };
}
