import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { Buyer, CreateBuyerBody } from './schema.js';
import { createBuyer, getBuyer } from './service.js';

export function buyerRoutes(db: Database) {
  return async (app: App) => {
    app.post(
      '/buyers',
      {
        config: { idempotent: true },
        schema: {
          tags: ['buyers'],
          summary: 'Add a cash buyer with its buy boxes (409 when the e-mail belongs to a buyer already)',
          body: CreateBuyerBody,
          response: { 201: Buyer, ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) => reply.code(201).send(await createBuyer(db, principalOf(request), actorOfRequest(request), request.body)),
    );

    app.get(
      '/buyers/:id',
      {
        schema: { tags: ['buyers'], summary: 'A buyer with its buy boxes', params: IdParams, response: { 200: Buyer, ...errorResponses } },
      },
      async (request) => getBuyer(db, principalOf(request), request.params.id),
    );
  };
}
