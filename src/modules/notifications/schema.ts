import { Type, type Static } from '@sinclair/typebox';
import { Nullable, PageQuery, Timestamp, Uuid } from '../../platform/http/contract.js';

export const Notification = Type.Object({
  id: Uuid,
  kind: Type.String({ description: 'The event it came from: task.due, note.added (a mention), lead.assigned, …' }),
  title: Type.String(),
  body: Nullable(Type.String()),
  link: Nullable(Type.String({ description: 'Path in the web app to open' })),
  read: Type.Boolean(),
  createdAt: Timestamp,
});
export type Notification = Static<typeof Notification>;

export const NotificationQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false });
export type NotificationQuery = Static<typeof NotificationQuery>;

export const MarkReadBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true })),
    all: Type.Optional(Type.Boolean({ description: 'Every notification of the caller' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MarkReadBody = Static<typeof MarkReadBody>;
