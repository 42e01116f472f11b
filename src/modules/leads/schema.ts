import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, PageQuery, Timestamp, Uuid } from '../../platform/http/contract.js';

export const LEAD_STATUSES = ['new', 'attempting', 'contacted', 'qualified', 'converted', 'dead'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LeadFields = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  address: Type.String({ minLength: 1, maxLength: 300 }),
  city: Type.Optional(Type.String({ maxLength: 100 })),
  state: Type.Optional(Type.String({ maxLength: 30 })),
  zip: Type.Optional(Type.String({ maxLength: 10 })),
  message: Type.Optional(Type.String({ maxLength: 5000 })),
};

export const WebhookLead = Type.Object(
  {
    ...LeadFields,
    source: Type.String({
      minLength: 1,
      maxLength: 60,
      description: 'The lead source (e.g. "zillow-ads"); its leads go on the list "Leads: <source>"',
    }),
    consent: Type.Optional(
      Type.Object(
        {
          text: Type.String({ minLength: 1, maxLength: 5000, description: 'The exact consent wording the person agreed to' }),
          grantedAt: Type.String({ format: 'date-time' }),
          ip: Type.Optional(Type.String({ maxLength: 100 })),
          page: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type WebhookLead = Static<typeof WebhookLead>;

/** A value of the lead that could not be used (a mistyped phone): the lead was recorded without it. */
export const LeadWarning = Type.Object({
  field: Type.String({ description: 'The lead field: address, city, state, zip, name, phone or email' }),
  value: Type.String(),
  reason: Type.String(),
});

export const CapturedLead = Type.Object({
  id: Uuid,
  propertyId: Nullable(Uuid),
  newProperty: Type.Boolean(),
  consentRecorded: Type.Boolean(),
  createdAt: Timestamp,
  warnings: Type.Array(LeadWarning, { description: 'Values left out of the lead, each with its reason; empty when every value was used' }),
});
export type CapturedLead = Static<typeof CapturedLead>;

/** A seller lead from the hosted form or a webhook. */
export const Lead = Type.Object({
  id: Uuid,
  propertyId: Nullable(Uuid),
  source: Type.String({ description: '"web_form" for the hosted form, or the source a webhook named' }),
  name: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'E.164' })),
  email: Nullable(Type.String()),
  address: Nullable(Type.String()),
  message: Nullable(Type.String()),
  consentRecorded: Type.Boolean(),
  createdAt: Timestamp,
  status: OneOf(LEAD_STATUSES, 'new → attempting → contacted → qualified → converted, or dead (with a reason)'),
  deadReason: Nullable(Type.String()),
  assigneeId: Nullable(Uuid),
  listId: Nullable(Uuid),
  firstAttemptAt: Nullable(Timestamp),
  firstContactAt: Nullable(Timestamp),
  statusChangedAt: Timestamp,
  updatedAt: Timestamp,
});
export type Lead = Static<typeof Lead>;

export const LeadQuery = Type.Object(
  {
    status: Type.Optional(OneOf(LEAD_STATUSES)),
    assigneeId: Type.Optional(Uuid),
    unassigned: Type.Optional(Type.Boolean({ description: 'Only leads nobody is assigned' })),
    source: Type.Optional(Type.String({ maxLength: 60 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type LeadQuery = Static<typeof LeadQuery>;

const DeadReason = Type.String({ minLength: 1, maxLength: 500 });

export const UpdateLeadBody = Type.Object(
  {
    status: Type.Optional(OneOf(LEAD_STATUSES)),
    deadReason: Type.Optional(DeadReason),
    assigneeId: Type.Optional(Nullable(Uuid)),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    message: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLeadBody = Static<typeof UpdateLeadBody>;

export const BulkLeadBody = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }),
    status: Type.Optional(OneOf(LEAD_STATUSES)),
    deadReason: Type.Optional(DeadReason),
    assigneeId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false, minProperties: 2 },
);
export type BulkLeadBody = Static<typeof BulkLeadBody>;

export const MarkAsLeadBody = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Default: "manual"' })),
    assigneeId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
export type MarkAsLeadBody = Static<typeof MarkAsLeadBody>;

export const LeadRouting = Type.Object({
  source: Type.String({ description: 'A lead source, or "*" for every source without its own rotation' }),
  memberIds: Type.Array(Uuid, { description: 'New leads of the source are assigned to these members in turn' }),
});
export type LeadRouting = Static<typeof LeadRouting>;

export const LeadRoutingBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { source: Type.String({ minLength: 1, maxLength: 60 }), memberIds: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }) },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type LeadRoutingBody = Static<typeof LeadRoutingBody>;

export const LeadForm = Type.Object({ url: Type.String(), snippet: Type.String(), consentText: Type.String() });
export type LeadForm = Static<typeof LeadForm>;
