import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, errorResponses } from '../../platform/http/contract.js';
import { csvCell } from '../../platform/http/csv.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { BuyerMatches, ExportBody, MatchQuery, MatchSettingsUpdate, MatchSettingsView, SuggestedDeals } from './schema.js';
import { EXPORT_COLUMNS, exportMatches, getMatchSettings, matchBuyers, suggestDeals, updateMatchSettings } from './service.js';

export function buyerMatchingRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/deals/:id/buyer-matches',
      {
        schema: {
          tags: ['buyer matching'],
          summary: "Buyers ranked 0–100 for a deal, best first, with each criterion's points (the best of each buyer's buy boxes)",
          params: IdParams,
          querystring: MatchQuery,
          response: { 200: BuyerMatches, ...errorResponses },
        },
      },
      async (request) => matchBuyers(db, principalOf(request), request.params.id, request.query),
    );

    app.post(
      '/deals/:id/buyer-matches/export',
      {
        schema: {
          tags: ['buyer matching'],
          summary: "The deal's matched buyers as CSV for a blast; each exported buyer counts the deal against their weekly cap",
          params: IdParams,
          body: ExportBody,
          produces: ['text/csv'],
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const { rows, overCap } = await exportMatches(db, principalOf(request), actorOfRequest(request), request.params.id, request.body);
        const lines = [EXPORT_COLUMNS.join(','), ...rows.map((row) => EXPORT_COLUMNS.map((column) => csvCell(row[column])).join(','))];
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="matched-buyers.csv"')
          .header('x-buyers-over-cap', String(overCap))
          .send(lines.join('\n') + '\n');
      },
    );

    app.get(
      '/buyers/:id/suggested-deals',
      {
        schema: {
          tags: ['buyer matching'],
          summary: "Open deals ranked for a buyer's buy boxes, best first",
          params: IdParams,
          querystring: MatchQuery,
          response: { 200: SuggestedDeals, ...errorResponses },
        },
      },
      async (request) => suggestDeals(db, principalOf(request), request.params.id, request.query),
    );

    app.get(
      '/buyer-matching/settings',
      {
        schema: {
          tags: ['buyer matching'],
          summary: "The tenant's matching weights and weekly send cap, with the defaults",
          response: { 200: MatchSettingsView, ...errorResponses },
        },
      },
      async (request) => getMatchSettings(db, principalOf(request)),
    );

    app.put(
      '/buyer-matching/settings',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['buyer matching'],
          summary: 'Change the matching weights or the weekly send cap (admins)',
          body: MatchSettingsUpdate,
          response: { 200: MatchSettingsView, ...errorResponses },
        },
      },
      async (request) => updateMatchSettings(db, principalOf(request), actorOfRequest(request), request.body),
    );
  };
}
