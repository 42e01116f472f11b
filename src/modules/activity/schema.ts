import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, PageQuery, Timestamp, Uuid } from '../../platform/http/contract.js';

export const CALL_OUTCOMES = [
  'no_answer',
  'voicemail',
  'wrong_number',
  'not_interested',
  'interested',
  'appointment_set',
  'do_not_call',
] as const;

/** The record a note, call or attachment is logged on; a deal brings its property along. */
const RecordLinks = {
  dealId: Type.Optional(Uuid),
  leadId: Type.Optional(Uuid),
  propertyId: Type.Optional(Uuid),
  ownerId: Type.Optional(Uuid),
};

const Links = {
  dealId: Nullable(Uuid),
  leadId: Nullable(Uuid),
  propertyId: Nullable(Uuid),
};

export const Actor = Nullable(
  Type.Object({ type: Type.String({ description: 'user, api_key or system' }), id: Nullable(Uuid), label: Type.String() }),
);

export const TimelineItem = Type.Object({
  id: Type.String({ description: 'The event id (also the live stream event id)' }),
  kind: Type.String({ description: 'The event type, e.g. deal.stage_changed, task.completed, note.added, call.logged' }),
  at: Timestamp,
  actor: Actor,
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The event payload; deal.stage_changed has fromStageId and toStageId',
  }),
});
export type TimelineItem = Static<typeof TimelineItem>;

export const TimelineQuery = Type.Object(
  {
    ...RecordLinks,
    kind: Type.Optional(
      Type.String({ maxLength: 500, description: 'Comma-separated kinds or prefixes ending in ".", e.g. "deal.,note.added"' }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type TimelineQuery = Static<typeof TimelineQuery>;

export const Note = Type.Object({
  id: Uuid,
  body: Type.String(),
  mentions: Type.Array(Uuid),
  ...Links,
  ownerId: Nullable(Uuid),
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
});
export type Note = Static<typeof Note>;

export const CreateNoteBody = Type.Object(
  {
    body: Type.String({
      minLength: 1,
      maxLength: 20000,
      description: 'Mention a teammate as @[Name](user-id): the mentioned member is notified',
    }),
    ...RecordLinks,
  },
  { additionalProperties: false },
);
export type CreateNoteBody = Static<typeof CreateNoteBody>;

export const Call = Type.Object({
  id: Uuid,
  direction: OneOf(['outbound', 'inbound'] as const),
  phone: Nullable(Type.String()),
  durationSeconds: Type.Integer(),
  outcome: OneOf(CALL_OUTCOMES),
  notes: Nullable(Type.String()),
  calledAt: Timestamp,
  ...Links,
  ownerId: Nullable(Uuid),
  createdBy: Nullable(Uuid),
});
export type Call = Static<typeof Call>;

export const CreateCallBody = Type.Object(
  {
    direction: OneOf(['outbound', 'inbound'] as const),
    outcome: OneOf(CALL_OUTCOMES, 'do_not_call also puts the number on the do-not-contact list'),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    durationSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
    calledAt: Type.Optional(Type.String({ format: 'date-time' })),
    ...RecordLinks,
  },
  { additionalProperties: false },
);
export type CreateCallBody = Static<typeof CreateCallBody>;

export const Attachment = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  sha256: Type.String(),
  ...Links,
  createdBy: Nullable(Uuid),
  createdAt: Timestamp,
});
export type Attachment = Static<typeof Attachment>;

export const RecordQuery = Type.Object({ ...RecordLinks, ...PageQuery }, { additionalProperties: false });
export type RecordQuery = Static<typeof RecordQuery>;
