import { Type } from '@sinclair/typebox';
import { principalOf } from '../../platform/http/authentication.js';
import { Nullable, errorResponses } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { MarkReadBody, Notification, NotificationQuery } from './schema.js';
import { listNotifications, markRead } from './service.js';

export function notificationRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: "The caller's notifications, newest first, with how many are unread (counted up to 100)",
          querystring: NotificationQuery,
          response: {
            200: Type.Object({ items: Type.Array(Notification), unread: Type.Integer(), nextCursor: Nullable(Type.String()) }),
            ...errorResponses,
          },
        },
      },
      async (request) => listNotifications(db, principalOf(request), request.query),
    );

    app.post(
      '/notifications/read',
      {
        config: { minRole: 'viewer' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark notifications read: the ones named, or all',
          body: MarkReadBody,
          response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses },
        },
      },
      async (request) => markRead(db, principalOf(request), request.body),
    );
  };
}
