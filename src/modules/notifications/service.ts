import type { Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { decodeCursor, encodeCursor } from '../../platform/http/contract.js';
import { AppError } from '../../platform/http/errors.js';
import type { OutboxEventInfo } from '../../platform/queue/job-queue.js';
import type { MarkReadBody, Notification, NotificationQuery } from './schema.js';

interface NotificationDraft {
  userIds: string[];
  title: string;
  body: string | null;
  link: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Where an event's record opens in the web app. */
function linkOf(payload: Record<string, unknown>): string | null {
  if (text(payload.dealId)) return `/deals/${String(payload.dealId)}`;
  if (text(payload.leadId)) return `/leads?lead=${String(payload.leadId)}`;
  if (text(payload.propertyId)) return `/properties/${String(payload.propertyId)}`;
  return null;
}

/** Who an event concerns and what to tell them; nobody is told of what they did themselves. */
export function draftOf(event: OutboxEventInfo, payload: Record<string, unknown>): NotificationDraft | null {
  const by = event.actor?.label ?? 'Someone';
  const notSelf = (ids: (string | null)[]) => ids.filter((id): id is string => !!id && id !== event.actor?.id);
  switch (event.type) {
    case 'task.due':
      return {
        userIds: notSelf([text(payload.assigneeId)]),
        title: `Due now: ${String(payload.title)}`,
        body: null,
        link: linkOf(payload),
      };
    case 'note.added': {
      const mentions = Array.isArray(payload.mentions) ? payload.mentions.map(text) : [];
      return { userIds: notSelf(mentions), title: `${by} mentioned you`, body: text(payload.excerpt), link: linkOf(payload) };
    }
    case 'lead.assigned':
    case 'lead.captured':
      return {
        userIds: notSelf([text(payload.assigneeId)]),
        title: 'A lead was assigned to you',
        body: text(payload.source),
        link: linkOf(payload),
      };
    default:
      return null;
  }
}

/** Records an event's notifications; the event id keeps a retried job from notifying twice. */
export async function notifyOf(tx: Tx, event: OutboxEventInfo, payload: Record<string, unknown>): Promise<string[]> {
  const draft = draftOf(event, payload);
  if (!draft || draft.userIds.length === 0) return [];
  const rows = await tx.query<{ user_id: string }>(
    `insert into notifications (user_id, kind, title, body, link, event_id)
     select m.user_id, $2, $3, $4, $5, $6 from memberships m where m.user_id = any($1::uuid[])
     on conflict (tenant_id, event_id, user_id) do nothing returning user_id`,
    [draft.userIds, event.type, draft.title.slice(0, 300), draft.body?.slice(0, 1000) ?? null, draft.link, event.id],
  );
  return rows.map((row) => row.user_id);
}

interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  read_at: Date | null;
  created_at: Date;
}

const isCursor = (value: unknown): value is { at: string; id: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { at?: unknown }).at === 'string' &&
  typeof (value as { id?: unknown }).id === 'string';

function memberOf(principal: Principal): string {
  if (principal.type !== 'user') throw new AppError('validation', 'Notifications belong to signed-in members');
  return principal.userId;
}

/** The caller's notifications, newest first. */
export async function listNotifications(db: Database, principal: Principal, query: NotificationQuery) {
  const userId = memberOf(principal);
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, isCursor);
  if (query.cursor !== undefined && !after) throw new AppError('bad_request', 'The cursor is not one this list gave out');
  return db.withTenant(principal.tenantId, async (tx) => {
    const rows = await tx.query<NotificationRow>(
      `select id, kind, title, body, link, read_at, created_at from notifications
        where user_id = $1 and ($2::boolean is not true or read_at is null)
          and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::uuid))
        order by created_at desc, id desc limit $5`,
      [userId, query.unread ?? null, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    const [{ unread }] = (await tx.query<{ unread: number }>(
      'select count(*)::int as unread from (select 1 from notifications where user_id = $1 and read_at is null limit 100) n',
      [userId],
    )) as [{ unread: number }];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row): Notification => ({
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        read: row.read_at !== null,
        createdAt: row.created_at.toISOString(),
      })),
      unread,
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.created_at.toISOString(), id: last.id }) : null,
    };
  });
}

export async function markRead(db: Database, principal: Principal, body: MarkReadBody): Promise<{ marked: number }> {
  const userId = memberOf(principal);
  const rows = await db.withTenant(principal.tenantId, (tx) =>
    tx.query(
      `update notifications set read_at = now() where user_id = $1 and read_at is null and ($2::boolean or id = any($3::uuid[])) returning 1`,
      [userId, body.all === true, body.ids ?? []],
    ),
  );
  return { marked: rows.length };
}
