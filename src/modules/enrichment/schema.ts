import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from '../../platform/http/contract.js';
import { PropertyQuery } from '../properties/schema.js';
import { PROVIDER_NAMES } from './providers.js';

const ProviderNameSchema = Type.Union(PROVIDER_NAMES.map((name) => Type.Literal(name)));
const StatusSchema = Type.Union(
  ['done', 'not_found', 'failed', 'over_budget', 'skipped'].map((status) => Type.Literal(status)),
  {
    description:
      'done, not_found (the provider does not know the address), failed (error, timeout or open circuit), over_budget (a budget stopped the paid call), skipped (nothing to look up with)',
  },
);
const Dollars = Type.Number({ minimum: 0, maximum: 1e9 });
const Day = Type.String({ format: 'date' });

export const ProviderParams = Type.Object({ provider: ProviderNameSchema }, { additionalProperties: false });

export const ProviderView = Type.Object({
  name: ProviderNameSchema,
  label: Type.String(),
  paid: Type.Boolean(),
  offline: Type.Boolean({ description: 'Works from data shipped with the product; no network' }),
  configured: Type.Boolean({
    description: 'The installation has what the provider needs (URL, API key); credentials themselves are never shown',
  }),
  enabled: Type.Boolean({ description: 'This tenant lets it run' }),
  costPerCall: Nullable(Type.Number({ description: 'US dollars per answered call' })),
  breaker: Nullable(
    Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')], {
      description: 'The circuit breaker in this process; open: calls are refused while the provider keeps failing',
    }),
  ),
  spentToday: Type.Number({ description: 'US dollars, UTC day' }),
  spentThisMonth: Type.Number({ description: 'US dollars, UTC month' }),
  callsToday: Type.Integer(),
});
export type ProviderView = Static<typeof ProviderView>;

export const ProviderUpdate = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    costPerCall: Type.Optional(
      Nullable(
        Type.Number({ minimum: 0, maximum: 1000, description: 'US dollars per answered call; required before a paid provider is enabled' }),
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProviderUpdate = Static<typeof ProviderUpdate>;

export const EnrichmentSettingsView = Type.Object({
  dailyBudget: Nullable(Type.Number({ description: 'US dollars per UTC day for paid calls; null: no cap' })),
  monthlyBudget: Nullable(Type.Number({ description: 'US dollars per UTC month; null: no cap' })),
  autoEnrich: Type.Boolean({ description: 'Enrich new and changed properties after every import' }),
});
export type EnrichmentSettingsView = Static<typeof EnrichmentSettingsView>;

export const EnrichmentSettingsUpdate = Type.Object(
  {
    dailyBudget: Type.Optional(Nullable(Dollars)),
    monthlyBudget: Type.Optional(Nullable(Dollars)),
    autoEnrich: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EnrichmentSettingsUpdate = Static<typeof EnrichmentSettingsUpdate>;

export const CostQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30, description: 'Days back, today included' })) },
  { additionalProperties: false },
);

const OutcomeCounts = Type.Record(Type.String(), Type.Integer(), {
  description: 'Calls by outcome: ok, not_found, cached, error, timeout, over_budget, circuit_open',
});

export const CostReport = Type.Object({
  from: Day,
  to: Day,
  totalCost: Type.Number({ description: 'US dollars' }),
  totalCalls: Type.Integer(),
  providers: Type.Array(
    Type.Object({
      provider: Type.String(),
      calls: Type.Integer(),
      chargedCalls: Type.Integer(),
      cost: Type.Number(),
      outcomes: OutcomeCounts,
    }),
  ),
  daily: Type.Array(
    Type.Object({ day: Day, provider: Type.String(), calls: Type.Integer(), cost: Type.Number(), outcomes: OutcomeCounts }),
  ),
});
export type CostReport = Static<typeof CostReport>;

export const PropertyFilter = Type.Omit(PropertyQuery, ['sort', 'limit', 'offset'], { additionalProperties: false });

export const RunRequest = Type.Object(
  {
    propertyIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 10_000 })),
    listId: Type.Optional(Uuid),
    filter: Type.Optional(PropertyFilter),
    force: Type.Optional(
      Type.Boolean({ description: 'Ask external providers again about properties they answered before; cached answers are still used' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of propertyIds, listId and filter (the property list filter; {} is every property)',
  },
);
export type RunRequest = Static<typeof RunRequest>;

export const RunAccepted = Type.Object({
  runId: Uuid,
  parcels: Type.Integer({ description: 'Properties in the scope now' }),
  status: Type.Literal('queued'),
});

const SignalsView = Type.Object({
  absentee: Nullable(Type.Boolean()),
  outOfState: Nullable(Type.Boolean()),
  yearsOwned: Nullable(Type.Number()),
  equity: Nullable(Type.Number()),
  equityPercent: Nullable(Type.Number()),
  freeAndClear: Nullable(Type.Boolean()),
  taxDelinquent: Nullable(Type.Boolean()),
  vacant: Nullable(Type.Boolean()),
  entityOwned: Nullable(Type.Boolean()),
  trustOrEstate: Nullable(Type.Boolean()),
  ownerParcelCount: Nullable(Type.Integer()),
  distressListCount: Type.Integer(),
  distressTags: Type.Array(Type.String()),
  computedAt: Timestamp,
});

export const PropertyEnrichment = Type.Object({
  propertyId: Uuid,
  location: Type.Object({
    latitude: Nullable(Type.Number()),
    longitude: Nullable(Type.Number()),
    precision: Nullable(Type.Union([Type.Literal('source'), Type.Literal('geocoded'), Type.Literal('zip_centroid')])),
    timeZone: Nullable(Type.String()),
  }),
  providers: Type.Array(
    Type.Object({
      provider: ProviderNameSchema,
      label: Type.String(),
      configured: Type.Boolean(),
      enabled: Type.Boolean(),
      status: Nullable(StatusSchema),
      detail: Nullable(Type.String()),
      updatedAt: Nullable(Timestamp),
    }),
  ),
  signals: Nullable(SignalsView),
  provenance: Type.Record(Type.String(), Type.Object({ source: Type.String(), at: Type.String() }), {
    description: 'Fields whose current value enrichment wrote: {field: {source: "enrichment:<provider>", at}}',
  }),
});
