import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../http/authentication.js';
import { errorResponses } from '../http/contract.js';
import type { Database } from '../db/database.js';
import type { App } from '../http/server.js';
import type { LiveEvent, LiveEventHub } from './event-hub.js';

const HEARTBEAT_MS = 15_000;
/**
 * A stream ends after this long and the browser reconnects at once with
 * Last-Event-ID, losing nothing: so a revoked credential or a changed visibility
 * takes effect within minutes, not when the tab is closed.
 */
const STREAM_LIFETIME_MS = 10 * 60_000;
/** Payload fields that name the record an event is about, most specific first. */
const ENTITY_FIELDS = ['taskId', 'noteId', 'callId', 'attachmentId', 'offerId', 'dealId', 'leadId', 'propertyId', 'parcelId', 'importId'];
/** Fields that name records an "assigned only" member may or may not see. */
const ASSIGNABLE_FIELDS = ['dealId', 'leadId', 'taskId'];

export interface LiveRouteOptions {
  db: Database;
  hub: LiveEventHub;
  lifetimeMs?: number;
}

/** One event in the text/event-stream format; bulk lists are left out, their count kept. */
export function formatEvent(event: LiveEvent): string {
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.payload)) {
    if (Array.isArray(value) && value.length > 50) payload[`${key}Count`] = value.length;
    else payload[key] = value;
  }
  const entityField = ENTITY_FIELDS.find((field) => typeof event.payload[field] === 'string');
  const data = {
    ...payload,
    kind: event.type,
    at: event.at,
    actor: event.actor,
    entityId: entityField ? event.payload[entityField] : null,
  };
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function liveRoutes({ db, hub, lifetimeMs = STREAM_LIFETIME_MS }: LiveRouteOptions) {
  return async (app: App) => {
    const open = new Set<() => void>();
    // Open streams would hold the server's close for their whole lifetime.
    app.addHook('preClose', async () => {
      for (const close of open) close();
    });

    app.get(
      '/stream',
      {
        config: { tokenInQuery: true },
        schema: {
          tags: ['live'],
          summary: 'Server-sent events of this tenant as they happen (resumable with Last-Event-ID)',
          description:
            'text/event-stream: each event has `id:` (resume from it with the Last-Event-ID header), `event:` (its kind, e.g. ' +
            'deal.stage_changed) and `data:` (JSON naming the entity id). EventSource cannot send headers: pass the access ' +
            'token as `access_token`. A member who sees only their own records gets only the events about those.',
          querystring: Type.Object(
            {
              access_token: Type.Optional(Type.String({ maxLength: 4096 })),
              lastEventId: Type.Optional(
                Type.String({ pattern: '^\\d{1,19}$', description: 'For clients that cannot send Last-Event-ID' }),
              ),
            },
            { additionalProperties: false },
          ),
          produces: ['text/event-stream'],
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const header = request.headers['last-event-id'];
        const lastEventId = typeof header === 'string' && /^\d{1,19}$/.test(header) ? header : request.query.lastEventId;
        // Also confirms the credential, before anything is streamed.
        const [visibility] = await db.withTenant(principal.tenantId, (tx) =>
          tx.query<{ assigned_only: boolean }>('select reos_sees_assigned_only() as assigned_only'),
        );
        const memberId = principal.type === 'user' ? principal.userId : null;
        const assignedOnly = visibility?.assigned_only ?? false;
        const stream = new PassThrough();
        let lastSentId = BigInt(lastEventId ?? 0);
        const send = (event: LiveEvent) => {
          if (BigInt(event.id) <= lastSentId) return;
          lastSentId = BigInt(event.id);
          stream.write(formatEvent(event));
        };
        // Held back until the missed events have gone out, so the order holds.
        let held: LiveEvent[] | null = lastEventId ? [] : null;
        const unsubscribe = hub.subscribe({
          tenantId: principal.tenantId,
          accepts: (event) =>
            !assignedOnly || !ASSIGNABLE_FIELDS.some((field) => event.payload[field]) || event.payload.assigneeId === memberId,
          send: (event) => (held ? held.push(event) : send(event)),
        });
        const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const lifetime = setTimeout(() => stream.end(), lifetimeMs);
        const close = () => {
          open.delete(close);
          unsubscribe();
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          stream.end();
        };
        open.add(close);
        request.raw.on('close', close);
        stream.on('close', close);
        stream.write('retry: 2000\n\n');
        if (lastEventId) {
          const missed = await hub.replay(principal.tenantId, lastEventId);
          for (const event of missed) {
            const accepted =
              !assignedOnly || !ASSIGNABLE_FIELDS.some((field) => event.payload[field]) || event.payload.assigneeId === memberId;
            if (accepted) send(event);
          }
          for (const event of held ?? []) send(event);
          held = null;
        }
        return reply
          .type('text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          .header('x-accel-buffering', 'no')
          .send(stream);
      },
    );
  };
}
