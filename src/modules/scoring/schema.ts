import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from '../../platform/http/contract.js';
import { OUTCOMES } from './outcomes.js';

const Points = Type.Integer({ minimum: -50, maximum: 50, description: 'Signed points' });
const Band = Type.Object(
  {
    min: Type.Optional(Type.Number({ description: 'Lowest value in the band (inclusive); open when absent' })),
    max: Type.Optional(Type.Number({ description: 'Value where the band ends (exclusive); open when absent' })),
    points: Points,
  },
  { additionalProperties: false },
);
const Bands = Type.Array(Band, { maxItems: 10, description: 'Bands in order, not overlapping; a value in none adds nothing' });

export const WeightsSchema = Type.Object(
  {
    absentee: Points,
    outOfState: Points,
    taxDelinquent: Points,
    preForeclosure: Points,
    probate: Points,
    vacant: Points,
    codeViolation: Points,
    otherDistress: Points,
    trustOrEstate: Points,
    freeAndClear: Points,
    entityOwned: Points,
    portfolioOwner: Bands,
    yearsOwned: Bands,
    equityPercent: Bands,
    distressLists: Bands,
  },
  {
    additionalProperties: false,
    description:
      'Points per signal: flags add their points when present; portfolioOwner (parcels of the owner), yearsOwned, equityPercent and distressLists by band',
  },
);
export const WeightOverridesSchema = Type.Partial(WeightsSchema, {
  additionalProperties: false,
  description: 'The weights to change; every weight left out is the default. {} restores all defaults.',
});

export const WeightsView = Type.Object({
  weights: WeightsSchema,
  defaults: WeightsSchema,
  overrides: WeightOverridesSchema,
  updatedAt: Nullable(Timestamp),
});

export const Reason = Type.Object({
  key: Type.String(),
  label: Type.String({ description: 'The reason in words, with the parcel’s value: "22 years owned"' }),
  points: Type.Integer({ description: 'Signed points; the points of all reasons add up to the score' }),
  stack: Type.Integer({ description: 'Points in the stack score; they add up to stackScore' }),
  model: Type.Optional(
    Type.Integer({ description: 'Points in the model score, when a model scored the parcel; they add up to modelScore' }),
  ),
  unknown: Type.Optional(
    Type.Boolean({
      description:
        'Present (true) on a signal the data does not tell, such as the equity of a property from a list without mortgage data: it adds no points ("equity: unknown"). Such reasons come after the others.',
    }),
  ),
});

export const ParcelScore = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  stackScore: Type.Integer({ minimum: 0, maximum: 100, description: 'Weighted distress signals alone' }),
  modelScore: Nullable(
    Type.Integer({ minimum: 0, maximum: 100, description: '100 × the active model’s probability of an appointment or better' }),
  ),
  modelVersion: Nullable(Type.Integer()),
  reasons: Type.Array(Reason),
  scoredAt: Timestamp,
});

export const OutcomeName = Type.Union(OUTCOMES.map((outcome) => Type.Literal(outcome)));
export const OutcomeBody = Type.Object({ outcome: OutcomeName }, { additionalProperties: false });
const outcomeProperties = {
  outcome: OutcomeName,
  source: Type.String({ description: 'Who set it: user:<id>, api_key:<id>, import:<id>, …' }),
  setAt: Timestamp,
};
export const ParcelOutcome = Type.Object(outcomeProperties);
export const PropertyOutcome = Type.Object({ propertyId: Uuid, ...outcomeProperties });

export const ModelMetricsSchema = Type.Object(
  {
    rocAuc: Type.Number({ description: 'On the held-out parcels' }),
    rocAucInterval: Type.Optional(
      Type.Tuple([Type.Number(), Type.Number()], {
        description: '90 % bootstrap interval of the ROC AUC (absent for models trained before it was measured)',
      }),
    ),
    rocAucGainInterval: Type.Optional(
      Type.Tuple([Type.Number(), Type.Number()], { description: '90 % bootstrap interval of the ROC AUC minus the stack score’s' }),
    ),
    precisionAt5: Type.Number({ description: 'Share of positives among the top 5 % of held-out parcels by the model' }),
    baseRate: Type.Number({ description: 'Share of positives among the held-out parcels' }),
    calibration: Type.Array(Type.Object({ predicted: Type.Number(), observed: Type.Number(), count: Type.Integer() })),
    brier: Type.Number(),
    stackRocAuc: Type.Number({ description: 'The stack score’s ROC AUC on the same held-out parcels' }),
    stackPrecisionAt5: Type.Number(),
    trainRows: Type.Integer(),
    testRows: Type.Integer(),
    positives: Type.Integer(),
    trees: Type.Integer(),
  },
  { description: 'Measured on a stratified held-out share of the labelled parcels the model never saw' },
);

export const ModelView = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  status: Type.Union([Type.Literal('candidate'), Type.Literal('active'), Type.Literal('retired')]),
  algorithm: Type.String(),
  features: Type.Array(Type.String()),
  params: Type.Record(Type.String(), Type.Unknown()),
  metrics: ModelMetricsSchema,
  trainingRows: Type.Integer(),
  trainedAt: Timestamp,
  activatedAt: Nullable(Timestamp),
});

export const TrainingQueued = Type.Object({
  status: Type.Literal('queued'),
  labelled: Type.Integer({ description: 'Parcels with an outcome' }),
  positives: Type.Integer({ description: 'Of them, appointment, under contract or won' }),
});
