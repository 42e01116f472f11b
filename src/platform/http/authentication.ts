import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRejection, type CredentialCheck } from '../auth/credential-check.js';
import { actorOf, roleAtLeast, type Actor, type Principal, type Role } from '../auth/principal.js';
import type { Database } from '../db/database.js';
import { AppError, errorBody } from './errors.js';

/**
 * A bearer credential's principal; `check`, when given, is what the database has yet
 * to confirm before the request may touch data or answer.
 */
export interface Authenticated {
  principal: Principal;
  check?: CredentialCheck;
}

/** Resolves a bearer credential (access token or API key), or undefined. */
export type Authenticate = (bearer: string) => Promise<Authenticated | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No credentials needed (login, health, public pages). */
    public?: boolean;
    /** Weakest role allowed; defaults to viewer for reads and member for writes. */
    minRole?: Role;
    /** Also take the credential from `?access_token=` (EventSource cannot send headers). */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    credentialCheck: CredentialCheck | null;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function queryTokenOf(request: FastifyRequest): string | undefined {
  const token = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof token === 'string' && token.length > 0 && token.length <= 4096 ? token : undefined;
}

/**
 * Every route under the API is authenticated unless marked public, and every
 * authenticated route checks the caller's role in its tenant. A viewer can never
 * reach a mutating route unless the route lowers `minRole` explicitly.
 *
 * An access token is verified here by its signature alone and authorizes by the
 * role it claims; its credential check then rides along with the request: the
 * database confirms it with the request's first transaction, and the answer does
 * not leave unconfirmed. A route that writes to `reply.raw` itself (hijacks the
 * reply, server-sent events) must call `db.confirmCredential` before it writes.
 */
export function registerAuthentication(
  app: FastifyInstance,
  db: Database,
  authenticate: Authenticate,
  afterAuthenticated: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('credentialCheck', null);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    // Only the API needs credentials; health, metrics, docs and the web UI are open.
    if (config.public || !request.routeOptions.url?.startsWith('/api/')) return;
    const bearer = bearerOf(request) ?? (config.tokenInQuery ? queryTokenOf(request) : undefined);
    if (!bearer) throw new AppError('unauthenticated', 'Missing Authorization: Bearer credentials');
    const authenticated = await authenticate(bearer);
    if (!authenticated) throw new AppError('unauthenticated', 'Invalid or expired credentials');
    const { principal, check } = authenticated;
    request.principal = principal;
    request.credentialCheck = check ?? null;
    const minRole = config.minRole ?? (READ_METHODS.has(request.method) ? 'viewer' : 'member');
    if (!roleAtLeast(principal.role, minRole)) {
      // A role raised since the token was issued answers 401, so the client refreshes and gets it.
      if (check) await db.confirmCredential(check);
      request.log.warn({ principal: describe(principal), minRole }, 'authorization denied');
      throw new AppError('forbidden', `This needs the ${minRole} role or higher; you are ${principal.role}`);
    }
    await afterAuthenticated(request, reply);
  });
  // Reading the body leaves the request's async context; every later stage runs in the check's scope again.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.credentialCheck) request.credentialCheck.scope(done);
    else done();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const check = request.credentialCheck;
    // A 401 needs no confirming, nor does a 429: throttled requests must not reach the database.
    if (!check || reply.statusCode === 401 || reply.statusCode === 429) return payload;
    try {
      await db.confirmCredential(check);
      return payload;
    } catch (error) {
      if (!isRejection(error)) throw error;
      // The answer (a streamed export, say) never leaves: it becomes the 401 it would have been.
      if (payload instanceof Readable) payload.destroy();
      reply.removeHeader('content-disposition');
      reply.code(401).type('application/json; charset=utf-8');
      request.log.info({ code: 'unauthenticated', principal: describe(principalOf(request)) }, 'request rejected');
      return JSON.stringify(errorBody('unauthenticated', (error as Error).message, request.id));
    }
  });
}

function describe(principal: Principal): string {
  return principal.type === 'user' ? `user:${principal.userId}` : `api_key:${principal.apiKeyId}`;
}

/** The principal of an authenticated route; throws if a public route asks for one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Authentication required');
  return request.principal;
}

export function actorOfRequest(request: FastifyRequest): Actor {
  return actorOf(principalOf(request), request.id, request.ip);
}
