import type { DealAssumptions } from '../../../../src/modules/valuation/offer-math';
import type { PropertyValuation } from './api';

/** What the offer calculator lets people change: the deal's assumptions, the ARV and the price paid. */
export type DealInput = keyof DealAssumptions | 'arv' | 'purchasePrice';

export interface DealInputSpec {
  key: DealInput;
  label: string;
  unit: '$' | '%' | 'months' | 'years';
  hint?: string;
}

export const FLIP_INPUTS: DealInputSpec[] = [
  { key: 'holdingMonths', label: 'Holding time', unit: 'months' },
  { key: 'holdingCostsMonthly', label: 'Holding costs / month', unit: '$', hint: 'Taxes, insurance, utilities' },
  { key: 'buyClosingPercent', label: 'Closing to buy', unit: '%' },
  { key: 'sellClosingPercent', label: 'Costs to sell', unit: '%', hint: 'Agent and closing, of the ARV' },
  { key: 'loanToCostPercent', label: 'Loan to cost', unit: '%' },
  { key: 'loanRatePercent', label: 'Loan rate / year', unit: '%' },
  { key: 'loanPointsPercent', label: 'Loan points', unit: '%' },
];

export const RENTAL_INPUTS: DealInputSpec[] = [
  { key: 'rentMonthly', label: 'Rent / month', unit: '$' },
  { key: 'vacancyPercent', label: 'Vacancy', unit: '%' },
  { key: 'managementPercent', label: 'Management', unit: '%' },
  { key: 'maintenancePercent', label: 'Maintenance', unit: '%' },
  { key: 'capexPercent', label: 'Capital reserve', unit: '%' },
  { key: 'propertyTaxAnnual', label: 'Property tax / year', unit: '$' },
  { key: 'insuranceAnnual', label: 'Insurance / year', unit: '$' },
  { key: 'downPaymentPercent', label: 'Down payment', unit: '%' },
  { key: 'mortgageRatePercent', label: 'Mortgage rate', unit: '%' },
  { key: 'mortgageYears', label: 'Mortgage term', unit: 'years' },
];

export const WHOLESALE_INPUTS: DealInputSpec[] = [{ key: 'assignmentFee', label: 'Assignment fee', unit: '$' }];

/** Typed text as a number; an empty or half-typed field counts as nothing. */
export function parseAmount(text: string): number | null {
  const trimmed = text.trim().replace(/[$,%\s]/g, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * The value of every input that was not typed over: the valuation's assumptions,
 * except rent and property tax, which follow the ARV as the tenant's settings say
 * (a share of it), so changing the ARV moves them too.
 */
export function defaultInputs(valuation: PropertyValuation, arv: number | null): Omit<Record<DealInput, number | null>, 'purchasePrice'> {
  const { settings, assumptions } = valuation;
  return {
    ...assumptions,
    arv: valuation.arv?.value ?? null,
    rentMonthly: arv === null ? assumptions.rentMonthly : Math.round((arv * settings.rentPercentOfValue) / 100),
    propertyTaxAnnual: arv === null ? assumptions.propertyTaxAnnual : Math.round((arv * settings.propertyTaxPercent) / 100),
  };
}
