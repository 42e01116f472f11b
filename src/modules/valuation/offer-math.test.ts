import { describe, expect, it } from 'vitest';
import {
  analyzeFlip,
  analyzeRental,
  analyzeWholesale,
  maximumAllowableOffer,
  monthlyPayment,
  repairEstimate,
  REPAIR_PRESETS,
  type DealAssumptions,
} from './offer-math.js';

const assumptions: DealAssumptions = {
  arvRulePercent: 70,
  otherCosts: 5_000,
  buyClosingPercent: 2,
  sellClosingPercent: 8,
  holdingMonths: 6,
  holdingCostsMonthly: 1_000,
  loanToCostPercent: 80,
  loanRatePercent: 12,
  loanPointsPercent: 2,
  assignmentFee: 10_000,
  rentMonthly: 2_000,
  vacancyPercent: 5,
  managementPercent: 10,
  maintenancePercent: 5,
  capexPercent: 5,
  propertyTaxAnnual: 3_000,
  insuranceAnnual: 1_200,
  downPaymentPercent: 25,
  mortgageRatePercent: 6,
  mortgageYears: 30,
};

describe('offer math', () => {
  it('maximum allowable offer = ARV × rule − repairs − costs', () => {
    expect(maximumAllowableOffer(300_000, 40_000, assumptions)).toBe(165_000);
    expect(maximumAllowableOffer(300_000, 40_000, { arvRulePercent: 75, otherCosts: 0 })).toBe(185_000);
  });

  it('rounds a half dollar up, as written on paper, even where ARV × 0.7 is inexact in floating point', () => {
    expect(maximumAllowableOffer(163_845, 0, { arvRulePercent: 70, otherCosts: 0 })).toBe(114_692);
  });

  it('repair presets scale with living area and never go below their minimum', () => {
    const moderate = REPAIR_PRESETS.find((p) => p.name === 'moderate')!;
    expect(repairEstimate(moderate, 1_500)).toBe(52_500);
    expect(repairEstimate(moderate, 200)).toBe(15_000);
    expect(repairEstimate(moderate, null)).toBe(15_000);
  });

  it('amortizes a mortgage like a bank: 200,000 at 6 % over 30 years is 1,199.10 a month', () => {
    expect(monthlyPayment(200_000, 6, 30)).toBeCloseTo(1199.1, 2);
    expect(monthlyPayment(120_000, 0, 10)).toBeCloseTo(1000, 6);
  });

  it('flip: profit after buying, financing, holding and selling costs', () => {
    const flip = analyzeFlip(300_000, 40_000, 165_000, assumptions);
    // loan 0.8 × 205,000 = 164,000; interest 164,000 × 12 % × 0.5 = 9,840; points 3,280.
    expect(flip.financingCosts).toBe(13_120);
    expect(flip.holdingCosts).toBe(6_000);
    expect(flip.sellingCosts).toBe(24_000);
    // 165,000 + 40,000 + 3,300 + 13,120 + 6,000 + 24,000
    expect(flip.totalCost).toBe(251_420);
    expect(flip.profit).toBe(48_580);
    // cash: 165,000 + 40,000 + 3,300 + 13,120 + 6,000 − 164,000 = 63,420
    expect(flip.cashInvested).toBe(63_420);
    expect(flip.roiPercent).toBeCloseTo(76.6, 1);
  });

  it('rental: NOI, cap rate, cash flow, cash-on-cash and DSCR', () => {
    const rental = analyzeRental(10_000, 200_000, assumptions);
    // effective rent 22,800; costs 20 % of it (4,560) + 4,200 → NOI 14,040
    expect(rental.netOperatingIncome).toBe(14_040);
    expect(rental.capRatePercent).toBeCloseTo(6.69, 2);
    // loan 150,000 at 6 %: 899.33 a month
    expect(rental.mortgagePaymentMonthly).toBe(899);
    expect(rental.cashFlowMonthly).toBe(Math.round((14_040 - 899.3258 * 12) / 12));
    expect(rental.dscr).toBeCloseTo(14_040 / (899.3258 * 12), 2);
    // cash: 50,000 down + 4,000 closing + 10,000 repairs
    expect(rental.cashInvested).toBe(64_000);
    expect(rental.cashOnCashPercent).toBeCloseTo(((14_040 - 899.3258 * 12) / 64_000) * 100, 1);
  });

  it("wholesale: the fee on top of the contract, and the end buyer's margin", () => {
    const deal = analyzeWholesale(300_000, 40_000, 165_000, assumptions);
    expect(deal.buyerPrice).toBe(175_000);
    expect(deal.buyerProfit).toBe(analyzeFlip(300_000, 40_000, 175_000, assumptions).profit);
    expect(deal.buyerMarginPercent).toBeCloseTo((deal.buyerProfit / 300_000) * 100, 2);
  });
});
