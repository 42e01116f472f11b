import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, PageQuery, Timestamp, Uuid } from '../../platform/http/contract.js';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const DEAL_TYPES = ['wholesale', 'flip', 'rental', 'wholetail', 'novation', 'subject_to'] as const;
export const TEMPERATURES = ['hot', 'warm', 'cold'] as const;
export const OFFER_STATUSES = ['draft', 'sent', 'countered', 'accepted', 'rejected', 'withdrawn'] as const;
export const CONTACT_ROLES = ['owner', 'heir', 'attorney', 'agent', 'title', 'other'] as const;

const Money = Type.Number({ minimum: 0, maximum: 1e12 });
const SignedMoney = Type.Number({ minimum: -1e12, maximum: 1e12 });
const Day = Type.String({ format: 'date' });
const Tag = Type.String({ minLength: 1, maxLength: 40 });

export const Stage = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer(),
  probability: Type.Integer({ description: 'Chance in percent that a deal in this stage closes, for the weighted forecast' }),
  kind: OneOf(STAGE_KINDS, 'open; won (closed and won); lost (a deal moved here needs a lost reason)'),
  rottingDays: Nullable(Type.Integer({ description: 'A deal in the stage longer than this many days is rotting' })),
  dealCount: Type.Integer(),
});
export type Stage = Static<typeof Stage>;

export const Pipeline = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer(),
  stages: Type.Array(Stage),
});
export type Pipeline = Static<typeof Pipeline>;

const StageInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    probability: Type.Integer({ minimum: 0, maximum: 100 }),
    kind: Type.Optional(OneOf(STAGE_KINDS)),
    rottingDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
  },
  { additionalProperties: false },
);

export const CreatePipelineBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    stages: Type.Array(StageInput, { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type CreatePipelineBody = Static<typeof CreatePipelineBody>;

export const UpdatePipelineBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    stages: Type.Optional(
      Type.Array(StageInput, {
        minItems: 1,
        maxItems: 30,
        description: 'The stages in order: listed ids are kept and edited, new ones (no id) added, missing ones deleted',
      }),
    ),
    moveDealsTo: Type.Optional(
      Type.Record(Type.String({ format: 'uuid' }), Uuid, {
        description: 'For each deleted stage that has deals, the kept stage of this pipeline to move them to',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePipelineBody = Static<typeof UpdatePipelineBody>;

export const Offer = Type.Object({
  id: Uuid,
  amount: Type.Number(),
  offeredOn: Day,
  status: OneOf(OFFER_STATUSES),
  note: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type Offer = Static<typeof Offer>;

export const DealContact = Type.Object({
  id: Uuid,
  ownerId: Nullable(Uuid),
  role: OneOf(CONTACT_ROLES),
  name: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
});
export type DealContact = Static<typeof DealContact>;

export const Deal = Type.Object({
  id: Uuid,
  propertyId: Uuid,
  leadId: Nullable(Uuid),
  pipelineId: Uuid,
  stageId: Uuid,
  stageKind: OneOf(STAGE_KINDS),
  position: Type.String({ description: "The card's place in its column (fractional index, ordered bytewise)" }),
  stageEnteredAt: Timestamp,
  daysInStage: Type.Integer(),
  rotting: Type.Boolean({ description: 'In the stage longer than its rotting threshold' }),
  assigneeId: Nullable(Uuid),
  title: Type.String(),
  address: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  score: Nullable(Type.Integer()),
  dealType: OneOf(DEAL_TYPES),
  source: Nullable(Type.String()),
  temperature: Nullable(OneOf(TEMPERATURES)),
  askingPrice: Nullable(Type.Number()),
  contractPrice: Nullable(Type.Number()),
  expectedCloseDate: Nullable(Day),
  expectedProfit: Nullable(Type.Number()),
  arv: Nullable(Type.Number({ description: 'After-repair value from the valuation when the deal was opened' })),
  mao: Nullable(Type.Number({ description: 'Maximum allowable offer from the valuation when the deal was opened' })),
  tags: Type.Array(Type.String()),
  lostReason: Nullable(Type.String()),
  nextTaskDueAt: Nullable(Timestamp),
  needsNextAction: Type.Boolean({ description: 'An open deal with no open dated task' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Deal = Static<typeof Deal>;

export const StageChange = Type.Object({
  id: Uuid,
  fromStageId: Nullable(Uuid),
  toStageId: Uuid,
  changedBy: Nullable(Uuid),
  changedAt: Timestamp,
  daysInFromStage: Nullable(Type.Number()),
});

export const DealDetail = Type.Intersect([
  Deal,
  Type.Object({
    offers: Type.Array(Offer),
    contacts: Type.Array(DealContact),
    stageChanges: Type.Array(StageChange),
  }),
]);
export type DealDetail = Static<typeof DealDetail>;

const DealFields = {
  assigneeId: Type.Optional(Nullable(Uuid)),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  dealType: Type.Optional(OneOf(DEAL_TYPES)),
  source: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  temperature: Type.Optional(Nullable(OneOf(TEMPERATURES))),
  askingPrice: Type.Optional(Nullable(Money)),
  contractPrice: Type.Optional(Nullable(Money)),
  expectedCloseDate: Type.Optional(Nullable(Day)),
  expectedProfit: Type.Optional(Nullable(SignedMoney)),
  tags: Type.Optional(Type.Array(Tag, { maxItems: 30 })),
};

export const CreateDealBody = Type.Object(
  {
    propertyId: Uuid,
    leadId: Type.Optional(Uuid),
    pipelineId: Type.Optional(Uuid),
    stageId: Type.Optional(Uuid),
    ...DealFields,
  },
  { additionalProperties: false },
);
export type CreateDealBody = Static<typeof CreateDealBody>;

export const UpdateDealBody = Type.Object(
  {
    pipelineId: Type.Optional(Uuid),
    stageId: Type.Optional(Uuid),
    afterDealId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'Place the card right below this card of the target column; null: at the top' }),
    ),
    lostReason: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
    ...DealFields,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDealBody = Static<typeof UpdateDealBody>;

export const DEAL_SORTS = ['created', 'updated', 'position', 'expected_close', 'contract_price'] as const;

export const DealFilters = {
  pipelineId: Type.Optional(Uuid),
  stageId: Type.Optional(Uuid),
  assigneeId: Type.Optional(Uuid),
  propertyId: Type.Optional(Uuid),
  leadId: Type.Optional(Uuid),
  source: Type.Optional(Type.String({ maxLength: 200 })),
  tag: Type.Optional(Tag),
  temperature: Type.Optional(OneOf(TEMPERATURES)),
  dealType: Type.Optional(OneOf(DEAL_TYPES)),
  status: Type.Optional(OneOf(STAGE_KINDS, 'Deals in open, won or lost stages')),
};

export const DealQuery = Type.Object(
  {
    ...DealFilters,
    sort: Type.Optional(
      OneOf(DEAL_SORTS, 'created and updated: newest first; position: board order (with stageId); expected_close: soonest first'),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type DealQuery = Static<typeof DealQuery>;

export const BoardQuery = Type.Object(
  {
    assigneeId: DealFilters.assigneeId,
    source: DealFilters.source,
    tag: DealFilters.tag,
    temperature: DealFilters.temperature,
    dealType: DealFilters.dealType,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25, description: 'Cards per column' })),
  },
  { additionalProperties: false },
);
export type BoardQuery = Static<typeof BoardQuery>;

export const BoardColumn = Type.Object({
  stage: Stage,
  count: Type.Integer(),
  contractValue: Type.Number({ description: 'Sum of the contract prices' }),
  expectedProfit: Type.Number({ description: 'Sum of the expected profits or assignment fees' }),
  weightedForecast: Type.Number({ description: "Expected profit weighted by the stage's probability" }),
  cards: Type.Array(Deal),
  nextCursor: Nullable(Type.String({ description: 'GET /deals?stageId=…&sort=position&cursor=… for more cards' })),
});

export const Board = Type.Object({
  pipeline: Pipeline,
  columns: Type.Array(BoardColumn),
});

export const CreateOfferBody = Type.Object(
  {
    amount: Type.Optional(Type.Number({ minimum: 1, maximum: 1e12, description: "Default: the deal's MAO" })),
    offeredOn: Type.Optional(Day),
    status: Type.Optional(OneOf(OFFER_STATUSES)),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type CreateOfferBody = Static<typeof CreateOfferBody>;

export const UpdateOfferBody = Type.Object(
  {
    amount: Type.Optional(Type.Number({ minimum: 1, maximum: 1e12 })),
    offeredOn: Type.Optional(Day),
    status: Type.Optional(OneOf(OFFER_STATUSES)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOfferBody = Static<typeof UpdateOfferBody>;

export const CreateContactBody = Type.Object(
  {
    role: OneOf(CONTACT_ROLES),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
  },
  { additionalProperties: false },
);
export type CreateContactBody = Static<typeof CreateContactBody>;

export const DealOfferParams = Type.Object({ id: Uuid, offerId: Uuid }, { additionalProperties: false });
export const DealContactParams = Type.Object({ id: Uuid, contactId: Uuid }, { additionalProperties: false });
