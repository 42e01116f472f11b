import { Type } from '@sinclair/typebox';
import { principalOf } from '../../platform/http/authentication.js';
import { errorResponses } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { SearchQuery, SearchResult } from './schema.js';
import { searchEverything } from './service.js';

export function searchRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Find properties, owners, leads, deals and contacts by address, name, phone or e-mail (the command palette)',
          querystring: SearchQuery,
          response: { 200: Type.Object({ items: Type.Array(SearchResult) }), ...errorResponses },
        },
      },
      async (request) => searchEverything(db, principalOf(request).tenantId, request.query),
    );
  };
}
