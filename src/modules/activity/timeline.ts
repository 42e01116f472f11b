import type { Database, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { OutboxEventInfo } from '../../platform/queue/job-queue.js';
import type { TimelineItem, TimelineQuery } from './schema.js';

/** The events the timeline shows; each is projected from the outbox by the activity job. */
export const TIMELINE_KINDS = [
  'lead.captured',
  'lead.status_changed',
  'lead.assigned',
  'deal.created',
  'deal.stage_changed',
  'deal.updated',
  'deal.deleted',
  'deal.offer_made',
  'deal.offer_updated',
  'task.created',
  'task.completed',
  'task.reopened',
  'task.deleted',
  'note.added',
  'call.logged',
  'attachment.added',
  'attachment.removed',
  'property.created',
  'property.edited',
  'property.deleted',
  'property.restored',
  'parcels.changed',
  'enrichment.completed',
] as const;

/** Payload fields that name the records an event concerns, and the kind of record each is. */
const SUBJECT_FIELDS = { propertyId: 'property', parcelId: 'property', dealId: 'deal', leadId: 'lead', ownerId: 'owner', taskId: 'task' };
/** Bulk events name their parcels as a list; the rest of their payload is not worth keeping per parcel. */
const BULK_DATA_FIELDS = new Set(['parcelIds']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Projects one outbox event into the timeline of every record it concerns. The
 * event's id keys the row, so a job that runs twice (delivery is at least once)
 * writes it once.
 */
export async function projectEvent(tx: Tx, event: OutboxEventInfo, payload: Record<string, unknown>): Promise<void> {
  const data = Object.fromEntries(Object.entries(payload).filter(([key]) => key !== 'eventType' && !BULK_DATA_FIELDS.has(key)));
  const inserted = await tx.query(
    `insert into activity_events (id, kind, at, actor, data) values ($1, $2, $3, $4, $5) on conflict do nothing returning id`,
    [event.id, event.type, event.at, event.actor === null ? null : JSON.stringify(event.actor), JSON.stringify(data)],
  );
  if (inserted.length === 0) return;
  const subjects: { type: string; id: string }[] = [];
  for (const [field, type] of Object.entries(SUBJECT_FIELDS)) {
    const value = payload[field];
    if (typeof value === 'string' && UUID.test(value)) subjects.push({ type, id: value });
  }
  const parcelIds = Array.isArray(payload.parcelIds)
    ? payload.parcelIds.filter((id): id is string => typeof id === 'string' && UUID.test(id))
    : [];
  for (const id of parcelIds) subjects.push({ type: 'property', id });
  if (subjects.length > 0) {
    await tx.query(
      `insert into activity_subjects (subject_type, subject_id, event_id, kind)
       select distinct s.type, s.id, $3::bigint, $4 from unnest($1::text[], $2::uuid[]) as s(type, id) on conflict do nothing`,
      [subjects.map((s) => s.type), subjects.map((s) => s.id), event.id, event.type],
    );
  }
  // An import's event names the import: its timeline entry goes to each parcel it put on the list.
  if (event.type === 'parcels.changed' && typeof payload.importId === 'string' && UUID.test(payload.importId)) {
    await tx.query(
      `insert into activity_subjects (subject_type, subject_id, event_id, kind)
       select 'property', lm.parcel_id, $2::bigint, $3 from imports i join list_memberships lm on lm.list_id = i.list_id and lm.import_id = i.id
        where i.id = $1 on conflict do nothing`,
      [payload.importId, event.id, event.type],
    );
    await tx.query(
      `update activity_events e set data = e.data || jsonb_build_object('listId', i.list_id, 'listName', l.name, 'fileName', i.file_name)
         from imports i join lists l on l.id = i.list_id where e.id = $2 and i.id = $1`,
      [payload.importId, event.id],
    );
  }
}

const SUBJECT_OF_QUERY = [
  ['dealId', 'Deal'],
  ['leadId', 'Lead'],
  ['propertyId', 'Property'],
  ['ownerId', 'Owner'],
] as const;

const TABLE_OF: Record<(typeof SUBJECT_OF_QUERY)[number][1], string> = {
  Deal: 'deals',
  Lead: 'leads',
  Property: 'parcels',
  Owner: 'owners',
};

function kindFilter(kind: string | undefined): { exact: string[]; prefixes: string[] } {
  const parts = (kind ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.some((part) => !/^[a-z_]+(\.[a-z_]*)?$/.test(part)))
    throw new AppError('validation', 'kind takes event kinds like deal.stage_changed or deal.');
  return { exact: parts.filter((part) => !part.endsWith('.')), prefixes: parts.filter((part) => part.endsWith('.')) };
}

const isEventCursor = (value: string) => /^\d{1,19}$/.test(value);

/**
 * The timeline of one record, newest first: one index walk over its subjects,
 * whatever the size of the tenant. Events about a deal or lead the caller may not
 * see are left out (row-level security hides those records).
 */
export async function readTimeline(
  db: Database,
  tenantId: string,
  query: TimelineQuery,
): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
  const named = SUBJECT_OF_QUERY.filter(([field]) => query[field] !== undefined);
  if (named.length !== 1) throw new AppError('validation', 'Name exactly one of dealId, propertyId, leadId or ownerId');
  const [field, label] = named[0]!;
  const subjectId = query[field]!;
  const limit = query.limit ?? 50;
  if (query.cursor !== undefined && !isEventCursor(query.cursor))
    throw new AppError('bad_request', 'The cursor is not one this timeline gave out');
  const kinds = kindFilter(query.kind);
  return db.withTenant(tenantId, async (tx) => {
    const [subject] = await tx.query(`select 1 from ${TABLE_OF[label]} where id = $1`, [subjectId]);
    if (!subject) throw notFound(label);
    const params: unknown[] = [subjectId, query.cursor ?? null, limit + 1];
    let kindCondition = '';
    if (kinds.exact.length || kinds.prefixes.length) {
      params.push(
        kinds.exact,
        kinds.prefixes.map((prefix) => `${prefix}%`),
      );
      kindCondition = `and (s.kind = any($4::text[]) or s.kind like any($5::text[]))`;
    }
    const rows = await tx.query<{ id: string; kind: string; at: Date; actor: TimelineItem['actor']; data: Record<string, unknown> }>(
      `select e.id::text as id, e.kind, e.at, e.actor, e.data
         from activity_subjects s join activity_events e on e.tenant_id = s.tenant_id and e.id = s.event_id
        where s.subject_id = $1 and ($2::bigint is null or s.event_id < $2::bigint) ${kindCondition}
          and (e.data->>'dealId' is null or e.kind = 'deal.deleted'
               or exists (select 1 from deals d where d.id = (e.data->>'dealId')::uuid))
          and (e.data->>'leadId' is null or exists (select 1 from leads l where l.id = (e.data->>'leadId')::uuid))
          and (e.data->>'taskId' is null or e.kind = 'task.deleted'
               or exists (select 1 from tasks t where t.id = (e.data->>'taskId')::uuid))
        order by s.event_id desc limit $3`,
      params,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => ({ id: row.id, kind: row.kind, at: row.at.toISOString(), actor: row.actor, data: row.data })),
      nextCursor: rows.length > limit ? page.at(-1)!.id : null,
    };
  });
}
