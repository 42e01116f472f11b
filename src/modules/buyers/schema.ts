import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, PageQuery, Timestamp, Uuid } from '../../platform/http/contract.js';
import { CRITERIA } from '../buyer-matching/criteria.js';

export const STRATEGIES = ['flip', 'rental', 'brrrr', 'new_build', 'wholetail'] as const;
export const FINANCING = ['cash', 'hard_money', 'private', 'conventional'] as const;
export const REHAB_LEVELS = ['none', 'cosmetic', 'moderate', 'heavy', 'gut'] as const;
export const TIERS = ['vip', 'standard'] as const;
export const BUYER_STATUSES = ['active', 'inactive'] as const;

const Money = Type.Number({ minimum: 0, maximum: 1e12 });
const Day = Type.String({ format: 'date' });
const Texts = (max: number) => Type.Array(Type.String({ minLength: 1, maxLength: max }), { maxItems: 500 });
const Count = (max: number) => Type.Number({ minimum: 0, maximum: max });

const BoxFields = {
  name: Nullable(Type.String({ maxLength: 100 })),
  active: Type.Boolean(),
  zips: Texts(10),
  cities: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), {
    maxItems: 500,
    description: 'With their state: "Austin, TX"',
  }),
  counties: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), {
    maxItems: 500,
    description: 'With their state: "Travis, TX" ("County" may be left out)',
  }),
  radius: Nullable(
    Type.Object(
      {
        latitude: Type.Number({ minimum: -90, maximum: 90 }),
        longitude: Type.Number({ minimum: -180, maximum: 180 }),
        miles: Type.Number({ minimum: 0.1, maximum: 500 }),
      },
      { additionalProperties: false, description: 'Deals within this many miles of the point' },
    ),
  ),
  propertyTypes: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
    maxItems: 20,
    description: 'Any spelling ("SFR", "Duplex"); stored as single_family, condo, townhouse, multi_family, mobile_home, land, commercial',
  }),
  minPrice: Nullable(Money),
  maxPrice: Nullable(Money),
  minArv: Nullable(Money),
  maxArv: Nullable(Money),
  minBeds: Nullable(Count(50)),
  maxBeds: Nullable(Count(50)),
  minBaths: Nullable(Count(50)),
  maxBaths: Nullable(Count(50)),
  minSqft: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  maxSqft: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  minYear: Nullable(Type.Integer({ minimum: 1600, maximum: 2100 })),
  maxYear: Nullable(Type.Integer({ minimum: 1600, maximum: 2100 })),
  rehabLevels: Type.Array(OneOf(REHAB_LEVELS), { maxItems: 5 }),
  strategies: Type.Array(OneOf(STRATEGIES), { maxItems: 5 }),
  financing: Type.Array(OneOf(FINANCING), { maxItems: 4 }),
  closeWithinDays: Nullable(Type.Integer({ minimum: 1, maximum: 365 })),
  required: Type.Array(OneOf(CRITERIA), {
    maxItems: CRITERIA.length,
    description: 'Criteria a deal must meet for the box to match at all; the others only add points',
  }),
};

export const BuyBoxInput = Type.Partial(Type.Object({ id: Type.Optional(Uuid), ...BoxFields }, { additionalProperties: false }), {
  additionalProperties: false,
});
export type BuyBoxInput = Static<typeof BuyBoxInput>;

export const BuyBox = Type.Object({ id: Uuid, ...BoxFields });
export type BuyBox = Static<typeof BuyBox>;

const ProofOfFunds = Type.Object(
  {
    amount: Money,
    datedOn: Nullable(Day),
    expiresOn: Nullable(Day),
    attachmentId: Nullable(Uuid),
  },
  { additionalProperties: false },
);

const ContactInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  },
  { additionalProperties: false },
);

const BuyerFields = {
  company: Nullable(Type.String({ maxLength: 200 })),
  email: Nullable(Type.String({ maxLength: 320 })),
  phone: Nullable(Type.String({ maxLength: 40 })),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50 }),
  tier: OneOf(TIERS, 'vip buyers see new deals first'),
  status: OneOf(BUYER_STATUSES, 'inactive buyers are never matched'),
  source: Nullable(Type.String({ maxLength: 200 })),
  notes: Nullable(Type.String({ maxLength: 20000 })),
  proofOfFunds: Nullable(ProofOfFunds),
  weeklySendCap: Nullable(
    Type.Integer({ minimum: 0, maximum: 100, description: "Deals this buyer may be sent per 7 days; null: the tenant's cap" }),
  ),
};

export const CreateBuyerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    ...Type.Partial(Type.Object(BuyerFields)).properties,
    contacts: Type.Optional(Type.Array(ContactInput, { maxItems: 50 })),
    buyBoxes: Type.Optional(Type.Array(BuyBoxInput, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type CreateBuyerBody = Static<typeof CreateBuyerBody>;

export const UpdateBuyerBody = Type.Partial(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200 }),
      ...BuyerFields,
      contacts: Type.Array(ContactInput, { maxItems: 50, description: 'Replaces the contacts' }),
      buyBoxes: Type.Array(BuyBoxInput, {
        maxItems: 50,
        description: 'Replaces the buy boxes: boxes with an id are updated, the others added, boxes left out deleted',
      }),
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type UpdateBuyerBody = Static<typeof UpdateBuyerBody>;

export const BuyerContact = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

export const Buyer = Type.Object({
  id: Uuid,
  name: Type.String(),
  ...BuyerFields,
  proofOfFundsValid: Type.Boolean({ description: 'Proof of funds on file and not expired' }),
  contacts: Type.Array(BuyerContact),
  buyBoxes: Type.Array(BuyBox),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Buyer = Static<typeof Buyer>;

export const BuyerSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  company: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  tier: OneOf(TIERS),
  status: OneOf(BUYER_STATUSES),
  source: Nullable(Type.String()),
  proofOfFundsValid: Type.Boolean(),
  buyBoxCount: Type.Integer(),
  markets: Type.Array(Type.String(), { description: "The first ZIPs, cities and counties of the buyer's boxes" }),
  maxPrice: Nullable(Type.Number()),
  createdAt: Timestamp,
});
export type BuyerSummary = Static<typeof BuyerSummary>;

export const BuyerQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Name, company, e-mail or phone' })),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    tier: Type.Optional(OneOf(TIERS)),
    status: Type.Optional(OneOf(BUYER_STATUSES)),
    zip: Type.Optional(Type.String({ maxLength: 10, description: 'Buyers with a box naming this ZIP' })),
  },
  { additionalProperties: false },
);
export type BuyerQuery = Static<typeof BuyerQuery>;

export const BuyerPage = Type.Object({
  items: Type.Array(BuyerSummary),
  nextCursor: Nullable(Type.String()),
  total: Type.Integer(),
});
export type BuyerPage = Static<typeof BuyerPage>;

export const BuyerImportFields = Type.Object({
  items: Type.Array(Type.Object({ field: Type.String(), label: Type.String() })),
});

export const BuyerFilePreview = Type.Object({
  headers: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.String())),
  mapping: Type.Record(Type.String(), Type.String(), { description: 'Proposed: header → field' }),
});

const RowProblem = Type.Object({ row: Type.Integer({ description: 'Line in the file (the header is line 1)' }), message: Type.String() });

export const BuyerImportResult = Type.Object({
  rows: Type.Integer(),
  created: Type.Integer(),
  merged: Type.Integer({ description: 'Rows merged into a buyer with the same e-mail or phone' }),
  rejected: Type.Array(RowProblem, { description: 'The first 1,000 rows not imported, with the reason' }),
  rejectedCount: Type.Integer(),
  warnings: Type.Array(RowProblem, { description: 'The first 1,000 values left out of imported rows' }),
  warningCount: Type.Integer(),
});
