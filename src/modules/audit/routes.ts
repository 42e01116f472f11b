import { principalOf } from '../../platform/http/authentication.js';
import { Page, errorResponses } from '../../platform/http/contract.js';
import type { App } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/database.js';
import { listAuditEvents } from './list-audit-events.js';
import { AuditEvent, AuditQuery } from './schema.js';

export function auditRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/audit-events',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['audit'],
          summary: 'Audit events of this tenant, newest first (admins)',
          querystring: AuditQuery,
          response: { 200: Page(AuditEvent), ...errorResponses },
        },
      },
      async (request) => listAuditEvents(db, principalOf(request).tenantId, request.query),
    );
  };
}
