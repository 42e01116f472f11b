import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, Uuid } from '../../platform/http/contract.js';
import { DEAL_TYPES } from '../deals/schema.js';
import { CRITERIA } from './criteria.js';

const CriterionName = OneOf(CRITERIA);

export const Reason = Type.Object({
  criterion: CriterionName,
  points: Type.Number({ description: 'Points this criterion earned: its weight when met, half when the box states no preference' }),
  weight: Type.Number(),
  status: OneOf(['met', 'unstated', 'unknown', 'unmet'], 'unknown: the deal lacks the fact (no points, never excludes)'),
});

const Band = OneOf(['strong', 'fair', 'weak'], 'strong: 70 or more; fair: 40–69; weak: below 40');

export const MatchQuery = Type.Object(
  {
    minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export type MatchQuery = Static<typeof MatchQuery>;

export const BuyerMatch = Type.Object({
  buyerId: Uuid,
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  band: Band,
  reasons: Type.Array(Reason),
  boxId: Uuid,
  boxName: Nullable(Type.String()),
  name: Type.String(),
  company: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  tier: OneOf(['vip', 'standard']),
  sentThisWeek: Type.Integer({ description: 'Distinct deals sent to this buyer in the last 7 days' }),
  weeklyCap: Type.Integer(),
  sentThisDeal: Type.Boolean({ description: 'This deal went to the buyer before (a link, an export)' }),
});
export type BuyerMatch = Static<typeof BuyerMatch>;

export const BuyerMatches = Type.Object({
  items: Type.Array(BuyerMatch),
  total: Type.Integer({ description: 'Buyers matching at or above minScore' }),
});
export type BuyerMatches = Static<typeof BuyerMatches>;

export const SuggestedDeal = Type.Object({
  dealId: Uuid,
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  band: Band,
  reasons: Type.Array(Reason),
  boxId: Uuid,
  title: Type.String(),
  dealType: OneOf(DEAL_TYPES),
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  price: Nullable(Type.Number({ description: 'What the buyer would pay: buyer price, else contract, asking or MAO' })),
  arv: Nullable(Type.Number()),
  sent: Type.Boolean({ description: 'The deal went to this buyer before' }),
});
export type SuggestedDeal = Static<typeof SuggestedDeal>;

export const SuggestedDeals = Type.Object({ items: Type.Array(SuggestedDeal), total: Type.Integer() });
export type SuggestedDeals = Static<typeof SuggestedDeals>;

const Weight = Type.Number({ minimum: 0, maximum: 100 });
/** Points per criterion (CRITERIA in criteria.ts). */
const WeightsShape = Type.Object(
  {
    location: Weight,
    price: Weight,
    propertyType: Weight,
    strategy: Weight,
    financing: Weight,
    proofOfFunds: Weight,
    arv: Weight,
    beds: Weight,
    baths: Weight,
    sqft: Weight,
    yearBuilt: Weight,
    rehab: Weight,
    closingSpeed: Weight,
  },
  { additionalProperties: false },
);

export const MatchSettingsView = Type.Object({
  weights: WeightsShape,
  weeklySendCap: Type.Integer(),
  defaults: Type.Object({ weights: WeightsShape, weeklySendCap: Type.Integer() }),
});
export type MatchSettingsView = Static<typeof MatchSettingsView>;

export const MatchSettingsUpdate = Type.Object(
  {
    weights: Type.Optional(Type.Partial(WeightsShape, { additionalProperties: false })),
    weeklySendCap: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type MatchSettingsUpdate = Static<typeof MatchSettingsUpdate>;

export const ExportBody = Type.Object(
  {
    minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 40 })),
    buyerIds: Type.Optional(Type.Array(Uuid, { maxItems: 5000, description: 'Only these buyers; default every match at minScore' })),
    includeOverCap: Type.Optional(Type.Boolean({ default: false, description: 'Also buyers at their weekly cap' })),
  },
  { additionalProperties: false },
);
export type ExportBody = Static<typeof ExportBody>;
