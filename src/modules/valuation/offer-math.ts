/**
 * The offer and deal arithmetic, shared by the API and the web UI's offer
 * calculator (which recomputes as the user types). Pure functions of the inputs;
 * percentages are given as percent (70 means 70 %), money in US dollars.
 */

export interface DealAssumptions {
  /** Maximum allowable offer = ARV × arvRulePercent − repairs − otherCosts. */
  arvRulePercent: number;
  otherCosts: number;
  /** Buying: closing costs as a share of the price. */
  buyClosingPercent: number;
  /** Selling after a flip: agent and closing costs as a share of the ARV. */
  sellClosingPercent: number;
  holdingMonths: number;
  /** Taxes, insurance, utilities while the house is worked on. */
  holdingCostsMonthly: number;
  /** Flip financing: loan as a share of price plus repairs, its yearly rate and points. */
  loanToCostPercent: number;
  loanRatePercent: number;
  loanPointsPercent: number;
  /** Wholesale: the fee for assigning the contract. */
  assignmentFee: number;
  /** Buy and hold. */
  rentMonthly: number;
  vacancyPercent: number;
  managementPercent: number;
  maintenancePercent: number;
  capexPercent: number;
  propertyTaxAnnual: number;
  insuranceAnnual: number;
  downPaymentPercent: number;
  mortgageRatePercent: number;
  mortgageYears: number;
}

export interface RepairPreset {
  name: string;
  label: string;
  perSqft: number;
  /** No job of this kind costs less. */
  minimum: number;
}

export const REPAIR_PRESETS: RepairPreset[] = [
  { name: 'none', label: 'Move-in ready', perSqft: 0, minimum: 0 },
  { name: 'cosmetic', label: 'Cosmetic: paint, flooring, fixtures', perSqft: 15, minimum: 5_000 },
  { name: 'moderate', label: 'Moderate: kitchen, baths, some systems', perSqft: 35, minimum: 15_000 },
  { name: 'heavy', label: 'Heavy: roof, systems, layout', perSqft: 60, minimum: 30_000 },
  { name: 'gut', label: 'Full gut', perSqft: 90, minimum: 50_000 },
];

export function repairEstimate(preset: RepairPreset, livingSqft: number | null): number {
  return Math.round(Math.max(preset.minimum, preset.perSqft * (livingSqft ?? 0)));
}

export function maximumAllowableOffer(arv: number, repairs: number, a: Pick<DealAssumptions, 'arvRulePercent' | 'otherCosts'>): number {
  // Multiplying before dividing keeps whole-dollar ARVs exact: $163,845 × 70 % is $114,691.50, not 114,691.4999….
  return Math.round((arv * a.arvRulePercent) / 100 - repairs - a.otherCosts);
}

export interface FlipAnalysis {
  purchasePrice: number;
  totalCost: number;
  profit: number;
  /** Profit over the cash put in (price, repairs and costs less the loan). */
  roiPercent: number;
  holdingCosts: number;
  financingCosts: number;
  sellingCosts: number;
  cashInvested: number;
}

export function analyzeFlip(arv: number, repairs: number, purchasePrice: number, a: DealAssumptions): FlipAnalysis {
  const loan = (purchasePrice + repairs) * (a.loanToCostPercent / 100);
  const financingCosts = loan * (a.loanRatePercent / 100) * (a.holdingMonths / 12) + loan * (a.loanPointsPercent / 100);
  const holdingCosts = a.holdingCostsMonthly * a.holdingMonths;
  const buyingCosts = purchasePrice * (a.buyClosingPercent / 100);
  const sellingCosts = arv * (a.sellClosingPercent / 100);
  const totalCost = purchasePrice + repairs + buyingCosts + financingCosts + holdingCosts + sellingCosts;
  const profit = arv - totalCost;
  const cashInvested = purchasePrice + repairs + buyingCosts + financingCosts + holdingCosts - loan;
  return {
    purchasePrice: round(purchasePrice),
    totalCost: round(totalCost),
    profit: round(profit),
    roiPercent: cashInvested > 0 ? round2((profit / cashInvested) * 100) : 0,
    holdingCosts: round(holdingCosts),
    financingCosts: round(financingCosts),
    sellingCosts: round(sellingCosts),
    cashInvested: round(cashInvested),
  };
}

export interface RentalAnalysis {
  netOperatingIncome: number;
  cashFlowMonthly: number;
  capRatePercent: number;
  cashOnCashPercent: number;
  /** Net operating income over the yearly mortgage payments; lenders look for 1.2 or more. */
  dscr: number | null;
  mortgagePaymentMonthly: number;
  cashInvested: number;
}

/** Monthly payment of a fully amortizing loan. */
export function monthlyPayment(principal: number, ratePercent: number, years: number): number {
  const n = years * 12;
  if (principal <= 0 || n <= 0) return 0;
  const r = ratePercent / 100 / 12;
  return r === 0 ? principal / n : (principal * r) / (1 - (1 + r) ** -n);
}

export function analyzeRental(repairs: number, purchasePrice: number, a: DealAssumptions): RentalAnalysis {
  const grossRent = a.rentMonthly * 12;
  const effectiveRent = grossRent * (1 - a.vacancyPercent / 100);
  const operatingCosts =
    effectiveRent * ((a.managementPercent + a.maintenancePercent + a.capexPercent) / 100) + a.propertyTaxAnnual + a.insuranceAnnual;
  const netOperatingIncome = effectiveRent - operatingCosts;
  const loan = purchasePrice * (1 - a.downPaymentPercent / 100);
  const payment = monthlyPayment(loan, a.mortgageRatePercent, a.mortgageYears);
  const debtService = payment * 12;
  const cashFlow = netOperatingIncome - debtService;
  const cashInvested = purchasePrice - loan + purchasePrice * (a.buyClosingPercent / 100) + repairs;
  const basis = purchasePrice + repairs;
  return {
    netOperatingIncome: round(netOperatingIncome),
    cashFlowMonthly: round(cashFlow / 12),
    capRatePercent: basis > 0 ? round2((netOperatingIncome / basis) * 100) : 0,
    cashOnCashPercent: cashInvested > 0 ? round2((cashFlow / cashInvested) * 100) : 0,
    dscr: debtService > 0 ? round2(netOperatingIncome / debtService) : null,
    mortgagePaymentMonthly: round(payment),
    cashInvested: round(cashInvested),
  };
}

export interface WholesaleAnalysis {
  contractPrice: number;
  assignmentFee: number;
  /** What the end buyer pays: the contract price plus the fee. */
  buyerPrice: number;
  /** The end buyer's profit after repairs, costs and resale, and as a share of the ARV. */
  buyerProfit: number;
  buyerMarginPercent: number;
}

export function analyzeWholesale(arv: number, repairs: number, contractPrice: number, a: DealAssumptions): WholesaleAnalysis {
  const buyerPrice = contractPrice + a.assignmentFee;
  const buyerFlip = analyzeFlip(arv, repairs, buyerPrice, a);
  return {
    contractPrice: round(contractPrice),
    assignmentFee: round(a.assignmentFee),
    buyerPrice: round(buyerPrice),
    buyerProfit: buyerFlip.profit,
    buyerMarginPercent: arv > 0 ? round2((buyerFlip.profit / arv) * 100) : 0,
  };
}

const round = (value: number) => Math.round(value);
const round2 = (value: number) => Math.round(value * 100) / 100;
