import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from '../../platform/http/contract.js';

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
});
export type Lead = Static<typeof Lead>;

export const LeadForm = Type.Object({ url: Type.String(), snippet: Type.String(), consentText: Type.String() });
export type LeadForm = Static<typeof LeadForm>;
