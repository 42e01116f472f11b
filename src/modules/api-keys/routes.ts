import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses, noContent } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { Type } from '@sinclair/typebox';
import { ApiKey, CreateApiKeyBody, CreatedApiKey } from './schema.js';
import { createApiKey, listApiKeys, revokeApiKey } from './service.js';

export function apiKeyRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/api-keys',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['api keys'],
          summary: 'API keys of this tenant (admins)',
          response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...errorResponses },
        },
      },
      async (request) => listApiKeys(db, principalOf(request).tenantId),
    );

    app.post(
      '/api-keys',
      {
        config: { minRole: 'admin', idempotent: true },
        schema: {
          tags: ['api keys'],
          summary: 'Create an API key (admins); the key is shown only in this response',
          body: CreateApiKeyBody,
          response: { 201: CreatedApiKey, ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) => reply.code(201).send(await createApiKey(db, principalOf(request), actorOfRequest(request), request.body)),
    );

    app.delete(
      '/api-keys/:id',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['api keys'],
          summary: 'Revoke an API key (admins)',
          params: IdParams,
          response: { ...noContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await revokeApiKey(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
