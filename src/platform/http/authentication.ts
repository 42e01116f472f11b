import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, roleAtLeast, type Actor, type Principal, type Role } from '../auth/principal.js';
import { AppError } from './errors.js';

/** Resolves a bearer credential (access token or API key) to a principal, or undefined. */
export type Authenticate = (bearer: string) => Promise<Principal | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No credentials needed (login, health, public pages). */
    public?: boolean;
    /** Weakest role allowed; defaults to viewer for reads and member for writes. */
    minRole?: Role;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * Every route under the API is authenticated unless marked public, and every
 * authenticated route checks the caller's role in its tenant. A viewer can never
 * reach a mutating route unless the route lowers `minRole` explicitly.
 */
export function registerAuthentication(
  app: FastifyInstance,
  authenticate: Authenticate,
  afterAuthenticated: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    // Only the API needs credentials; health, metrics, docs and the web UI are open.
    if (config.public || !request.routeOptions.url?.startsWith('/api/')) return;
    const bearer = bearerOf(request);
    if (!bearer) throw new AppError('unauthenticated', 'Missing Authorization: Bearer credentials');
    const principal = await authenticate(bearer);
    if (!principal) throw new AppError('unauthenticated', 'Invalid or expired credentials');
    request.principal = principal;
    const minRole = config.minRole ?? (READ_METHODS.has(request.method) ? 'viewer' : 'member');
    if (!roleAtLeast(principal.role, minRole)) {
      request.log.warn({ principal: describe(principal), minRole }, 'authorization denied');
      throw new AppError('forbidden', `This needs the ${minRole} role or higher; you are ${principal.role}`);
    }
    await afterAuthenticated(request, reply);
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
