import type { Tx } from '../../platform/db/database.js';
import { REPAIR_PRESETS, type DealAssumptions, type RepairPreset } from './offer-math.js';

/**
 * A tenant's offer rules and costs. Rent and property tax depend on the house, so
 * the tenant sets them as shares of the ARV; `assumptionsFor` turns them into
 * dollars for one property.
 */
export interface ValuationSettings extends Omit<DealAssumptions, 'rentMonthly' | 'propertyTaxAnnual'> {
  /** Monthly rent as a share of the ARV (0.8 means 0.8 % a month). */
  rentPercentOfValue: number;
  /** Yearly property tax as a share of the ARV. */
  propertyTaxPercent: number;
  /** Repair costs by condition, per sq ft of living area with a minimum; the tenant's own prices. */
  repairPresets: RepairPreset[];
  /** The repair preset a property gets until someone sets its estimate. */
  defaultRepairPreset: string;
}

/**
 * Defaults (docs/valuation.md gives the reasons): the 70 % rule, a flip held six
 * months on hard money (80 % of cost at 11 % plus 2 points), 8 % to sell (agent and
 * closing), and a buy-and-hold at 0.8 % of value a month in rent with 25 % down.
 */
export const DEFAULT_VALUATION_SETTINGS: ValuationSettings = {
  arvRulePercent: 70,
  otherCosts: 5_000,
  buyClosingPercent: 2,
  sellClosingPercent: 8,
  holdingMonths: 6,
  holdingCostsMonthly: 1_000,
  loanToCostPercent: 80,
  loanRatePercent: 11,
  loanPointsPercent: 2,
  assignmentFee: 10_000,
  vacancyPercent: 8,
  managementPercent: 10,
  maintenancePercent: 8,
  capexPercent: 5,
  insuranceAnnual: 1_500,
  downPaymentPercent: 25,
  mortgageRatePercent: 7.5,
  mortgageYears: 30,
  rentPercentOfValue: 0.8,
  propertyTaxPercent: 1.2,
  repairPresets: REPAIR_PRESETS,
  defaultRepairPreset: 'moderate',
};

export async function readValuationSettings(tx: Tx): Promise<ValuationSettings> {
  const [row] = await tx.query<{ settings: Partial<ValuationSettings> }>('select settings from valuation_settings');
  return { ...DEFAULT_VALUATION_SETTINGS, ...row?.settings };
}

export function assumptionsFor(settings: ValuationSettings, arv: number): DealAssumptions {
  const { rentPercentOfValue, propertyTaxPercent, repairPresets: _presets, defaultRepairPreset: _preset, ...rules } = settings;
  return {
    ...rules,
    rentMonthly: Math.round((arv * rentPercentOfValue) / 100),
    propertyTaxAnnual: Math.round((arv * propertyTaxPercent) / 100),
  };
}
