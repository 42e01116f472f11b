import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { ModelView, PropertyValuation, RepairsUpdate, ValuationSettingsUpdate, ValuationSettingsView } from './schema.js';
import { getValuationSettings, setRepairs, trainValuationModel, updateValuationSettings, valueProperty } from './service.js';

export function valuationRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/properties/:id/valuation',
      {
        schema: {
          tags: ['valuation'],
          summary:
            "A property's value after repairs (ARV) from its comps and the tenant's model, its repair estimate and the offer numbers",
          params: IdParams,
          response: { 200: PropertyValuation, ...errorResponses },
        },
      },
      async (request) => valueProperty(db, principalOf(request).tenantId, request.params.id),
    );

    app.put(
      '/properties/:id/repairs',
      {
        config: { minRole: 'member' },
        schema: {
          tags: ['valuation'],
          summary: "Set a property's repair estimate: a preset or an amount; answers with the new valuation",
          params: IdParams,
          body: RepairsUpdate,
          response: { 200: PropertyValuation, ...errorResponses },
        },
      },
      async (request) => setRepairs(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.body),
    );

    app.get(
      '/valuation/settings',
      {
        schema: {
          tags: ['valuation'],
          summary: 'Offer rules, costs and rental assumptions of this tenant, with the defaults',
          response: { 200: ValuationSettingsView, ...errorResponses },
        },
      },
      async (request) => getValuationSettings(db, principalOf(request).tenantId),
    );

    app.put(
      '/valuation/settings',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['valuation'],
          summary: 'Change offer rules, costs and rental assumptions (admins)',
          body: ValuationSettingsUpdate,
          response: { 200: ValuationSettingsView, ...errorResponses },
        },
      },
      async (request) => updateValuationSettings(db, principalOf(request).tenantId, actorOfRequest(request), request.body),
    );

    app.post(
      '/valuation/models/train',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['valuation'],
          summary: "Learn the valuation model again from the tenant's sales and make it the active one (admins)",
          response: { 201: ModelView, ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await trainValuationModel(db, principalOf(request).tenantId, actorOfRequest(request))),
    );
  };
}
