import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { bearerOf, principalOf } from '../../platform/http/authentication.js';
import { clientOf } from '../../platform/http/client-info.js';
import { IdParams, errorResponses, noContent } from '../../platform/http/contract.js';
import { AppError } from '../../platform/http/errors.js';
import type { App } from '../../platform/http/server.js';
import { LoginBody, LogoutBody, Me, RefreshBody, Session, TokenPair } from './schema.js';
import { describeMe, endSession, listSessions, login, logout, refresh, type IdentityDeps } from './service.js';

function userPrincipal(request: FastifyRequest) {
  const principal = principalOf(request);
  if (principal.type !== 'user') throw new AppError('forbidden', 'Sessions belong to users, not API keys');
  return principal;
}

export function identityRoutes(deps: IdentityDeps) {
  return async (app: App) => {
    app.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password',
          security: [],
          body: LoginBody,
          response: { 200: TokenPair, ...errorResponses },
        },
      },
      async (request) => login(deps, request.body, clientOf(request), request.log),
    );

    app.post(
      '/auth/refresh',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Exchange a refresh token for a new token pair (optionally for another tenant)',
          security: [],
          body: RefreshBody,
          response: { 200: TokenPair, ...errorResponses },
        },
      },
      async (request) => refresh(deps, request.body, request.log),
    );

    app.post(
      '/auth/logout',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'End the session of the bearer access token and/or the given refresh token',
          body: Type.Optional(LogoutBody),
          response: { ...noContent, 400: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) => {
        const bearer = bearerOf(request);
        await logout(deps, { accessToken: bearer, refreshToken: request.body?.refreshToken }, clientOf(request));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The caller, its tenant and role, and every tenant it belongs to',
          response: { 200: Me, ...errorResponses },
        },
      },
      async (request) => describeMe(deps.db, principalOf(request)),
    );

    app.get(
      '/auth/sessions',
      {
        schema: {
          tags: ['auth'],
          summary: "The signed-in user's live sessions",
          response: { 200: Type.Object({ items: Type.Array(Session) }), ...errorResponses },
        },
      },
      async (request) => {
        const principal = userPrincipal(request);
        return listSessions(deps.db, principal.userId, principal.sessionId);
      },
    );

    app.delete(
      '/auth/sessions/:id',
      {
        config: { minRole: 'viewer' },
        schema: { tags: ['auth'], summary: 'End one of your sessions', params: IdParams, response: { ...noContent, ...errorResponses } },
      },
      async (request, reply) => {
        await endSession(deps.db, userPrincipal(request).userId, request.params.id, clientOf(request));
        return reply.code(204).send(null);
      },
    );
  };
}
