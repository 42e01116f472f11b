import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { principalOf } from './authentication.js';
import { AppError } from './errors.js';
import { unstorableReason } from './input-guard.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the Idempotency-Key header on this (create) route. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyKey: string | null;
    /** The tenant of a public route (a lead form), resolved before handlers run. */
    publicTenantId: string | null;
  }
}

/** A claimed key whose request never finished (the process died) may be retried after this. */
const ABANDONED_AFTER_SECONDS = 60;

interface StoredKey {
  request_hash: string;
  completed_at: Date | null;
  response_status: number | null;
  response_body: unknown;
  abandoned: boolean;
}

/** Keys belong to the caller's tenant, or to the tenant a public route serves. */
function scopeOf(request: FastifyRequest): { tenantId: string; actorId: string | null } {
  if (request.principal) {
    const principal = request.principal;
    return { tenantId: principal.tenantId, actorId: principal.type === 'user' ? principal.userId : principal.apiKeyId };
  }
  if (request.publicTenantId) return { tenantId: request.publicTenantId, actorId: null };
  return { tenantId: principalOf(request).tenantId, actorId: null };
}

function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * Idempotency-Key on create routes: the first request with a key claims it; a repeat
 * with the same body gets the first response again (and creates nothing), a repeat
 * with a different body gets 409. Keys are per tenant and kept for 24 hours.
 */
export function registerIdempotency(app: FastifyInstance, db: Database): void {
  app.decorateRequest('idempotencyKey', null);
  app.decorateRequest('publicTenantId', null);

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 255) throw new AppError('validation', 'Idempotency-Key must be 1 to 255 characters');
    const unstorable = unstorableReason(key);
    if (unstorable) throw new AppError('validation', `Idempotency-Key ${unstorable}`);
    const { tenantId, actorId } = scopeOf(request);
    const hash = requestHash(request.method, request.url, request.body);

    const outcome = await db.withTenant(tenantId, async (tx) => {
      const claimed = await tx.query(
        `insert into idempotency_keys (key, actor_id, method, path, request_hash)
         values ($1, $2, $3, $4, $5) on conflict do nothing returning key`,
        [key, actorId, request.method, request.url, hash],
      );
      if (claimed.length > 0) return { kind: 'claimed' as const };
      const [stored] = await tx.query<StoredKey>(
        `select request_hash, completed_at, response_status, response_body,
                created_at < now() - make_interval(secs => $2) as abandoned
           from idempotency_keys where key = $1 for update`,
        [key, ABANDONED_AFTER_SECONDS],
      );
      if (!stored) return { kind: 'claimed' as const };
      if (stored.request_hash !== hash) return { kind: 'mismatch' as const };
      if (stored.completed_at) return { kind: 'replay' as const, stored };
      if (stored.abandoned) {
        await tx.query('update idempotency_keys set created_at = now() where key = $1', [key]);
        return { kind: 'claimed' as const };
      }
      return { kind: 'in_progress' as const };
    });

    switch (outcome.kind) {
      case 'claimed':
        request.idempotencyKey = key;
        return;
      case 'mismatch':
        throw new AppError('conflict', 'This Idempotency-Key was already used with a different request');
      case 'in_progress':
        throw new AppError('conflict', 'A request with this Idempotency-Key is still in progress');
      case 'replay':
        reply.header('idempotent-replayed', 'true');
        return reply.code(outcome.stored.response_status ?? 200).send(outcome.stored.response_body);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    const { tenantId } = scopeOf(request);
    const text = typeof payload === 'string' ? payload : '';
    // Only JSON answers are replayed (an HTML page of the hosted form is not kept).
    const replayable = text === '' || /json/.test(String(reply.getHeader('content-type') ?? ''));
    if (reply.statusCode >= 500 || !replayable) {
      // Nothing was created, or nothing can be replayed; let the client retry with the same key.
      await db.withTenant(tenantId, (tx) => tx.query('delete from idempotency_keys where key = $1', [key]));
      return payload;
    }
    const body: unknown = text.length > 0 ? JSON.parse(text) : null;
    await db.withTenant(tenantId, (tx) =>
      tx.query(
        `update idempotency_keys set completed_at = now(), response_status = $2, response_body = $3
          where key = $1`,
        [key, reply.statusCode, JSON.stringify(body)],
      ),
    );
    return payload;
  });
}
