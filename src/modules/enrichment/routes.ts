import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses } from '../../platform/http/contract.js';
import type { App } from '../../platform/http/server.js';
import type { EnrichmentDeps } from './enrichment-deps.js';
import {
  CostQuery,
  CostReport,
  EnrichmentSettingsUpdate,
  EnrichmentSettingsView,
  PropertyEnrichment,
  ProviderParams,
  ProviderUpdate,
  ProviderView,
  RunAccepted,
  RunRequest,
} from './schema.js';
import {
  costReport,
  getEnrichmentSettings,
  listProviders,
  propertyEnrichment,
  requestEnrichment,
  updateEnrichmentSettings,
  updateProvider,
} from './service.js';

export function enrichmentRoutes(deps: EnrichmentDeps) {
  const { db } = deps;
  return async (app: App) => {
    app.get(
      '/properties/:id/enrichment',
      {
        schema: {
          tags: ['enrichment'],
          summary: "A property's status with each enrichment provider, its derived signals and the fields enrichment wrote",
          params: IdParams,
          response: { 200: PropertyEnrichment, ...errorResponses },
        },
      },
      async (request) => propertyEnrichment(deps, principalOf(request).tenantId, request.params.id),
    );

    app.post(
      '/enrichment/runs',
      {
        config: { minRole: 'member', idempotent: true },
        schema: {
          tags: ['enrichment'],
          summary: 'Enrich properties now: by ids, a list or a property filter',
          description:
            'Queues the run for a worker and answers at once. Offline providers always run; external ones when configured and enabled.',
          body: RunRequest,
          response: { 202: RunAccepted, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await requestEnrichment(db, principalOf(request).tenantId, actorOfRequest(request), request.body)),
    );

    app.get(
      '/enrichment/providers',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['enrichment'],
          summary: 'Enrichment providers: configured, enabled, price, circuit breaker, spend today and this month (admins)',
          response: { 200: Type.Object({ items: Type.Array(ProviderView) }), ...errorResponses },
        },
      },
      async (request) => listProviders(deps, principalOf(request).tenantId),
    );

    app.put(
      '/enrichment/providers/:provider',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['enrichment'],
          summary: 'Turn a provider on or off for this tenant and set its cost per call (admins)',
          params: ProviderParams,
          body: ProviderUpdate,
          response: { 200: ProviderView, ...errorResponses },
        },
      },
      async (request) =>
        updateProvider(deps, principalOf(request).tenantId, actorOfRequest(request), request.params.provider, request.body),
    );

    app.get(
      '/enrichment/settings',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['enrichment'],
          summary: 'Daily and monthly budgets for paid calls, and enrichment after imports (admins)',
          response: { 200: EnrichmentSettingsView, ...errorResponses },
        },
      },
      async (request) => getEnrichmentSettings(db, principalOf(request).tenantId),
    );

    app.put(
      '/enrichment/settings',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['enrichment'],
          summary: 'Change the budgets or the after-import switch (admins)',
          body: EnrichmentSettingsUpdate,
          response: { 200: EnrichmentSettingsView, ...errorResponses },
        },
      },
      async (request) => updateEnrichmentSettings(db, principalOf(request).tenantId, actorOfRequest(request), request.body),
    );

    app.get(
      '/enrichment/costs',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['enrichment'],
          summary: 'Provider calls and their cost per provider and per UTC day (admins)',
          querystring: CostQuery,
          response: { 200: CostReport, ...errorResponses },
        },
      },
      async (request) => costReport(db, principalOf(request).tenantId, request.query.days ?? 30),
    );
  };
}
