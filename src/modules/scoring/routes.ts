import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses, noContent } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { ModelView, OutcomeBody, PropertyOutcome, TrainingQueued, WeightOverridesSchema, WeightsView } from './schema.js';
import {
  activateModel,
  clearOutcome,
  getWeights,
  listModelViews,
  requestTraining,
  rollbackModel,
  setOutcome,
  setWeights,
} from './service.js';

const conflict = { 409: Type.Ref('ErrorBody') } as const;

export function scoringRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/scoring/weights',
      {
        schema: {
          tags: ['scoring'],
          summary: 'The stack score’s weights: in effect, the defaults and this tenant’s changes',
          response: { 200: WeightsView, ...errorResponses },
        },
      },
      async (request) => getWeights(db, principalOf(request).tenantId),
    );

    app.put(
      '/scoring/weights',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['scoring'],
          summary: 'Change the stack score’s weights (admins); every property is rescored',
          body: WeightOverridesSchema,
          response: { 200: WeightsView, ...errorResponses },
        },
      },
      async (request) => setWeights(db, principalOf(request).tenantId, actorOfRequest(request), request.body),
    );

    app.get(
      '/scoring/models',
      {
        schema: {
          tags: ['scoring'],
          summary: 'Motivation models of this tenant with their held-out metrics, newest first',
          response: { 200: Type.Object({ items: Type.Array(ModelView) }), ...errorResponses },
        },
      },
      async (request) => listModelViews(db, principalOf(request).tenantId),
    );

    app.post(
      '/scoring/models/train',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['scoring'],
          summary: 'Train a model on the tenant’s outcomes (admins); a job stores it as a candidate',
          description:
            'Answers 409 when there are too few parcels with an outcome to learn from. Poll GET /scoring/models for the candidate.',
          response: { 202: TrainingQueued, ...errorResponses, ...conflict },
        },
      },
      async (request, reply) => reply.code(202).send(await requestTraining(db, principalOf(request).tenantId, actorOfRequest(request))),
    );

    app.post(
      '/scoring/models/:id/activate',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['scoring'],
          summary: 'Score with this model (admins); the active one before is retired and every property is rescored',
          params: IdParams,
          response: { 200: ModelView, ...errorResponses },
        },
      },
      async (request) => activateModel(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id),
    );

    app.post(
      '/scoring/models/rollback',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['scoring'],
          summary: 'Activate again the latest earlier version that was once active (admins)',
          response: { 200: ModelView, ...errorResponses, ...conflict },
        },
      },
      async (request) => rollbackModel(db, principalOf(request).tenantId, actorOfRequest(request)),
    );

    app.put(
      '/properties/:id/outcome',
      {
        schema: {
          tags: ['properties'],
          summary: 'Set what came of working the property: contacted, appointment, under_contract, won or dead',
          params: IdParams,
          body: OutcomeBody,
          response: { 200: PropertyOutcome, ...errorResponses },
        },
      },
      async (request) => setOutcome(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.body.outcome),
    );

    app.delete(
      '/properties/:id/outcome',
      {
        schema: {
          tags: ['properties'],
          summary: 'Remove the property’s outcome',
          params: IdParams,
          response: { ...noContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await clearOutcome(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
