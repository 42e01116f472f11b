import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses, noContent } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { CreateSavedViewBody, SavedView, SavedViewQuery, UpdateSavedViewBody } from './schema.js';
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from './service.js';

const CONFLICT = { 409: Type.Ref('ErrorBody') } as const;

/** Views are written by members and up (the default for writes); viewers use them. */
export function savedViewRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/saved-views',
      {
        schema: {
          tags: ['saved-views'],
          summary: "A screen's saved views: the shared ones, then the caller's personal ones",
          querystring: SavedViewQuery,
          response: { 200: Type.Object({ items: Type.Array(SavedView) }), ...errorResponses },
        },
      },
      async (request) => listSavedViews(db, principalOf(request), request.query),
    );

    app.post(
      '/saved-views',
      {
        config: { idempotent: true },
        schema: {
          tags: ['saved-views'],
          summary: 'Save a view of a screen, for the caller alone or shared with the team',
          body: CreateSavedViewBody,
          response: { 201: SavedView, ...errorResponses, ...CONFLICT },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createSavedView(db, principalOf(request), actorOfRequest(request), request.body)),
    );

    app.patch(
      '/saved-views/:id',
      {
        schema: {
          tags: ['saved-views'],
          summary: 'Rename, share or update a saved view (a shared one: admins and its creator)',
          params: IdParams,
          body: UpdateSavedViewBody,
          response: { 200: SavedView, ...errorResponses, ...CONFLICT },
        },
      },
      async (request) => updateSavedView(db, principalOf(request), actorOfRequest(request), request.params.id, request.body),
    );

    app.delete(
      '/saved-views/:id',
      {
        schema: {
          tags: ['saved-views'],
          summary: 'Delete a saved view (a shared one: admins and its creator)',
          params: IdParams,
          response: { ...noContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await deleteSavedView(db, principalOf(request), actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
