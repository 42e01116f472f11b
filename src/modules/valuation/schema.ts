import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from '../../platform/http/contract.js';

const Money = Type.Number();
const Percent = Type.Number({ minimum: 0, maximum: 1000 });

const RepairPresetSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    label: Type.String({ minLength: 1, maxLength: 80 }),
    perSqft: Type.Number({ minimum: 0, maximum: 1000 }),
    minimum: Type.Number({ minimum: 0, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);

/** Every rule and cost a tenant can set; docs/valuation.md explains each default. */
export const ValuationSettingsSchema = Type.Object(
  {
    arvRulePercent: Type.Number({ minimum: 1, maximum: 100 }),
    otherCosts: Type.Number({ minimum: 0 }),
    buyClosingPercent: Percent,
    sellClosingPercent: Percent,
    holdingMonths: Type.Number({ minimum: 0, maximum: 120 }),
    holdingCostsMonthly: Type.Number({ minimum: 0 }),
    loanToCostPercent: Type.Number({ minimum: 0, maximum: 100 }),
    loanRatePercent: Percent,
    loanPointsPercent: Percent,
    assignmentFee: Type.Number({ minimum: 0 }),
    vacancyPercent: Type.Number({ minimum: 0, maximum: 100 }),
    managementPercent: Type.Number({ minimum: 0, maximum: 100 }),
    maintenancePercent: Type.Number({ minimum: 0, maximum: 100 }),
    capexPercent: Type.Number({ minimum: 0, maximum: 100 }),
    insuranceAnnual: Type.Number({ minimum: 0 }),
    downPaymentPercent: Type.Number({ minimum: 0, maximum: 100 }),
    mortgageRatePercent: Percent,
    mortgageYears: Type.Number({ minimum: 1, maximum: 50 }),
    rentPercentOfValue: Type.Number({ minimum: 0, maximum: 10 }),
    propertyTaxPercent: Type.Number({ minimum: 0, maximum: 10 }),
    repairPresets: Type.Array(RepairPresetSchema, { minItems: 1, maxItems: 12 }),
    defaultRepairPreset: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);

export const ValuationSettingsUpdate = Type.Partial(ValuationSettingsSchema, { additionalProperties: false, minProperties: 1 });

export const ValuationSettingsView = Type.Object({ settings: ValuationSettingsSchema, defaults: ValuationSettingsSchema });
export type ValuationSettingsView = Static<typeof ValuationSettingsView>;

export const ModelView = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  trainedAt: Timestamp,
  /** Median absolute log error on sales the model did not learn from (0.08 ≈ 8 %). */
  heldOutError: Type.Number(),
  trainingSales: Type.Integer(),
});
export type ModelView = Static<typeof ModelView>;

const DealAssumptionsSchema = Type.Intersect([
  Type.Omit(ValuationSettingsSchema, ['rentPercentOfValue', 'propertyTaxPercent', 'repairPresets', 'defaultRepairPreset']),
  Type.Object({ rentMonthly: Money, propertyTaxAnnual: Money }),
]);

const Comp = Type.Object({
  saleId: Uuid,
  propertyId: Uuid,
  address: Nullable(Type.String()),
  saleDate: Type.String({ format: 'date' }),
  price: Money,
  livingSqft: Type.Number(),
  beds: Nullable(Type.Number()),
  baths: Nullable(Type.Number()),
  yearBuilt: Nullable(Type.Number()),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  miles: Nullable(Type.Number()),
  months: Type.Number(),
  /** Share of the comps' value, the weights summing to 1. */
  weight: Type.Number(),
  /** The comp's price moved to the subject: its differences and the market since it sold. */
  adjustedPrice: Money,
  adjustments: Type.Array(Type.Object({ factor: Type.String(), amount: Money })),
});

export const PropertyValuation = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('insufficient_data')]),
  reason: Nullable(Type.String()),
  valuedOn: Type.String({ format: 'date' }),
  subject: Type.Object({
    latitude: Nullable(Type.Number()),
    longitude: Nullable(Type.Number()),
    livingSqft: Nullable(Type.Number()),
    beds: Nullable(Type.Number()),
    baths: Nullable(Type.Number()),
    yearBuilt: Nullable(Type.Number()),
  }),
  arv: Nullable(
    Type.Object({
      value: Money,
      low: Money,
      high: Money,
      grade: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')]),
      hedonicValue: Money,
      compsValue: Nullable(Money),
    }),
  ),
  comps: Type.Array(Comp),
  repairs: Type.Object({ preset: Nullable(Type.String()), amount: Money }),
  repairPresets: Type.Array(RepairPresetSchema),
  settings: ValuationSettingsSchema,
  assumptions: DealAssumptionsSchema,
  offer: Nullable(
    Type.Object({
      maximumAllowableOffer: Money,
      flip: Type.Object({
        purchasePrice: Money,
        totalCost: Money,
        profit: Money,
        roiPercent: Type.Number(),
        holdingCosts: Money,
        financingCosts: Money,
        sellingCosts: Money,
        cashInvested: Money,
      }),
      rental: Type.Object({
        netOperatingIncome: Money,
        cashFlowMonthly: Money,
        capRatePercent: Type.Number(),
        cashOnCashPercent: Type.Number(),
        dscr: Nullable(Type.Number()),
        mortgagePaymentMonthly: Money,
        cashInvested: Money,
      }),
      wholesale: Type.Object({
        contractPrice: Money,
        assignmentFee: Money,
        buyerPrice: Money,
        buyerProfit: Money,
        buyerMarginPercent: Type.Number(),
      }),
    }),
  ),
  model: Nullable(ModelView),
});
export type PropertyValuation = Static<typeof PropertyValuation>;

export const RepairsUpdate = Type.Object(
  {
    /** A preset name (its amount follows the living area unless `amount` is given), or null for an amount of one's own. */
    preset: Nullable(Type.String({ maxLength: 40 })),
    amount: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
  },
  { additionalProperties: false },
);
