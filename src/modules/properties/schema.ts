import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from '../../platform/http/contract.js';
import { ParcelOutcome, ParcelScore } from '../scoring/schema.js';

export const PropertyQuery = Type.Object(
  {
    list: Type.Optional(Uuid),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    minStack: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    zip: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
    ownerType: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('entity')])),
    absentee: Type.Optional(Type.Boolean()),
    minValue: Type.Optional(Type.Number({ minimum: 0 })),
    maxValue: Type.Optional(Type.Number({ minimum: 0 })),
    minEquity: Type.Optional(Type.Number({ description: 'Equity in dollars at least this; properties of unknown equity are left out' })),
    maxEquity: Type.Optional(Type.Number({ description: 'Equity in dollars at most this; properties of unknown equity are left out' })),
    minEquityPercent: Type.Optional(
      Type.Number({ description: 'Equity as a percentage of the value at least this; properties of unknown equity are left out' }),
    ),
    maxEquityPercent: Type.Optional(
      Type.Number({ description: 'Equity as a percentage of the value at most this; properties of unknown equity are left out' }),
    ),
    minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Motivation score at least this' })),
    maxScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Motivation score at most this' })),
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Search address, city, ZIP, APN, owner names, phones and e-mails: every word must start a word of the property, in any order',
      }),
    ),
    sort: Type.Optional(
      Type.Union(
        ['stack', 'value', 'equity', 'year_built', 'address', 'updated', 'score'].map((key) => Type.Literal(key)),
        { description: 'Highest first (address: A to Z); properties whose sort value is unknown come last' },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
    cursor: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'The page after the one that gave this `nextCursor` (same filter and sort); not combined with an offset',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PropertyQuery = Static<typeof PropertyQuery>;

const EquityAmount = Type.Number({
  description:
    'Market value (else assessed value) less the open mortgage; null unless a source gave the mortgage balance or said free and clear',
});
const EquityPercent = Type.Number({ description: 'Equity as a percentage of the value; null when either is unknown' });

export const PropertySummary = Type.Object({
  id: Uuid,
  apn: Nullable(Type.String()),
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  propertyType: Nullable(Type.String()),
  beds: Nullable(Type.Number()),
  baths: Nullable(Type.Number()),
  livingSqft: Nullable(Type.Integer()),
  yearBuilt: Nullable(Type.Integer()),
  marketValue: Nullable(Type.Number()),
  equity: Nullable(EquityAmount),
  equityPercent: Nullable(EquityPercent),
  taxOwed: Nullable(Type.Number()),
  stackCount: Type.Integer({ description: 'How many lists the property is on' }),
  distressTags: Type.Array(Type.String()),
  ownerNames: Nullable(Type.String()),
  score: Nullable(Type.Integer({ description: 'Motivation score 0–100; null until the property is scored' })),
});

export const PropertyPage = Type.Object({
  items: Type.Array(PropertySummary),
  total: Type.Integer({ description: 'Properties matching the filter: exact when `totalExact`, otherwise an estimate' }),
  totalExact: Type.Boolean({ description: 'Whether `total` was counted (up to 1,000 matches) or estimated' }),
  offset: Type.Integer(),
  limit: Type.Integer(),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page' })),
});

export const PropertyDetail = Type.Object({
  id: Uuid,
  fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Every stored field of the parcel' }),
  provenance: Type.Record(Type.String(), Type.Unknown(), { description: '{field: {source, at}} for the current value of each field' }),
  equity: Nullable(EquityAmount),
  equityPercent: Nullable(EquityPercent),
  owners: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      entityType: Nullable(Type.String()),
      name: Type.String(),
      mailingAddress: Nullable(Type.String()),
      absentee: Type.Boolean(),
      phones: Type.Array(Type.Object({ e164: Type.String(), lineType: Type.String() })),
      emails: Type.Array(Type.String()),
    }),
  ),
  lists: Type.Array(Type.Object({ id: Uuid, name: Type.String(), tags: Type.Array(Type.String()), addedAt: Timestamp })),
  history: Type.Array(Type.Object({ field: Type.String(), value: Type.Unknown(), source: Type.String(), observedAt: Timestamp }), {
    description: 'Values replaced by newer sources',
  }),
  score: Nullable(ParcelScore),
  outcome: Nullable(ParcelOutcome),
});

export const ListSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  tags: Type.Array(Type.String()),
  properties: Type.Integer(),
  createdAt: Timestamp,
});

const Amount = Type.Number({ minimum: 0, maximum: 1e11 });
const Count = (maximum: number) => Type.Number({ minimum: 0, maximum });

/** Fields a person may set on a property; null clears one. */
export const PropertyEdit = Type.Object(
  {
    apn: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
    county: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    propertyType: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
    beds: Type.Optional(Nullable(Count(100))),
    baths: Type.Optional(Nullable(Count(100))),
    livingSqft: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
    lotSqft: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000_000 }))),
    yearBuilt: Type.Optional(Nullable(Type.Integer({ minimum: 1600, maximum: 2100 }))),
    assessedValue: Type.Optional(Nullable(Amount)),
    marketValue: Type.Optional(Nullable(Amount)),
    lastSaleDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    lastSalePrice: Type.Optional(Nullable(Amount)),
    mortgageBalance: Type.Optional(Nullable(Amount)),
    taxOwed: Type.Optional(Nullable(Amount)),
    occupancy: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  },
  { additionalProperties: false },
);
export type PropertyEdit = Static<typeof PropertyEdit>;

export const CreatePropertyBody = Type.Object(
  {
    address: Type.String({ minLength: 1, maxLength: 300, description: 'Street address; city, state and ZIP may be in it or apart' }),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    state: Type.Optional(Type.String({ maxLength: 30 })),
    zip: Type.Optional(Type.String({ maxLength: 10 })),
    fields: Type.Optional(PropertyEdit),
  },
  { additionalProperties: false },
);
export type CreatePropertyBody = Static<typeof CreatePropertyBody>;

export const DeletedProperty = Type.Object({
  id: Uuid,
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  deletedAt: Timestamp,
  deletedBy: Type.String({ description: 'Who deleted it: an e-mail or an API key’s name' }),
  purgeAfter: Timestamp,
});

export const DeletedPropertyPage = Type.Object({
  items: Type.Array(DeletedProperty),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page' })),
});

export const DeletedPropertyQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type DeletedPropertyQuery = Static<typeof DeletedPropertyQuery>;
