import { useId, useState, type ReactNode } from 'react';
import {
  analyzeFlip,
  analyzeRental,
  analyzeWholesale,
  maximumAllowableOffer,
  repairEstimate,
  type DealAssumptions,
  type FlipAnalysis,
} from '../../../../../src/modules/valuation/offer-math';
import { InputWithUnit } from '../../../components/input-with-unit';
import { useToast } from '../../../components/toast';
import { formatMoney, formatNumber, formatPercent } from '../../../lib/format';
import { useSaveRepairs, type PropertyValuation } from '../api';
import {
  defaultInputs,
  FLIP_INPUTS,
  parseAmount,
  RENTAL_INPUTS,
  WHOLESALE_INPUTS,
  type DealInput,
  type DealInputSpec,
} from '../deal-inputs';

type Drafts = Partial<Record<DealInput, string>>;

const ASSUMPTION_KEYS: (keyof DealAssumptions)[] = [
  'arvRulePercent',
  'otherCosts',
  ...[...FLIP_INPUTS, ...RENTAL_INPUTS, ...WHOLESALE_INPUTS].map((spec) => spec.key as keyof DealAssumptions),
];

function NumberField({
  spec,
  value,
  placeholder,
  changed,
  onChange,
  testId,
}: {
  spec: Pick<DealInputSpec, 'label' | 'unit' | 'hint'>;
  value: string;
  placeholder?: string;
  changed: boolean;
  onChange: (text: string) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className={changed ? 'field deal-field deal-field-changed' : 'field deal-field'}>
      <label htmlFor={id}>{spec.label}</label>
      <InputWithUnit unit={spec.unit === 'months' ? 'mo' : spec.unit === 'years' ? 'yr' : spec.unit}>
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={value}
          placeholder={placeholder}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
          aria-describedby={spec.hint ? `${id}-hint` : undefined}
        />
      </InputWithUnit>
      {spec.hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {spec.hint}
        </p>
      )}
    </div>
  );
}

function Metric({
  label,
  value,
  tone,
  testId,
  note,
}: {
  label: string;
  value: string;
  tone?: 'good' | 'bad';
  testId?: string;
  note?: ReactNode;
}) {
  return (
    <>
      <dt>
        {label}
        {note && <span className="metric-note"> {note}</span>}
      </dt>
      <dd className={tone === 'bad' ? 'metric-bad' : tone === 'good' ? 'metric-good' : undefined} data-testid={testId}>
        {value}
      </dd>
    </>
  );
}

const toneOf = (value: number) => (value < 0 ? 'bad' : 'good');

/** Where the ARV goes in a flip: price paid, repairs, costs and what is left. */
function DealBar({ arv, repairs, flip }: { arv: number; repairs: number; flip: FlipAnalysis }) {
  const costs = flip.totalCost - flip.purchasePrice - repairs;
  const segments = [
    { key: 'price', label: 'Purchase', value: flip.purchasePrice },
    { key: 'repairs', label: 'Repairs', value: repairs },
    { key: 'costs', label: 'Costs to buy, hold, finance and sell', value: costs },
    { key: 'profit', label: 'Profit', value: Math.max(0, flip.profit) },
  ].filter((segment) => segment.value > 0);
  const total = Math.max(arv, flip.totalCost, 1);
  const width = 520;
  let x = 0;
  return (
    <figure className="deal-bar">
      <svg viewBox={`0 0 ${width} 30`} role="img" aria-label="Where the after-repair value goes in a flip" preserveAspectRatio="none">
        {segments.map((segment) => {
          const w = (segment.value / total) * width;
          const rect = (
            <rect
              key={segment.key}
              className={`deal-segment deal-segment-${segment.key}`}
              x={x}
              y={4}
              width={Math.max(0, w - 1)}
              height={22}
            >
              <title>{`${segment.label}: ${formatMoney(segment.value)}`}</title>
            </rect>
          );
          x += w;
          return rect;
        })}
        {flip.totalCost > arv && <line className="deal-arv-line" x1={(arv / total) * width} x2={(arv / total) * width} y1={0} y2={30} />}
      </svg>
      <figcaption className="chart-legend">
        {segments.map((segment) => (
          <span key={segment.key}>
            <span className={`chart-swatch deal-segment-${segment.key}`} aria-hidden="true" /> {segment.label} {formatMoney(segment.value)}
          </span>
        ))}
        {flip.profit < 0 && <span className="metric-bad">Loss {formatMoney(-flip.profit)}: the costs pass the ARV (line)</span>}
      </figcaption>
    </figure>
  );
}

/**
 * The offer calculator. Everything recomputes in the browser on each keystroke,
 * with the same arithmetic the server uses (offer-math.ts); only "Save repair
 * estimate" goes to the server, so the next person sees that estimate.
 */
export function OfferCalculator({
  valuation,
  propertyId,
  canEdit,
}: {
  valuation: PropertyValuation;
  propertyId: string;
  canEdit: boolean;
}) {
  const [drafts, setDrafts] = useState<Drafts>({});
  const [preset, setPreset] = useState<string | null>(valuation.repairs.preset);
  const [repairsText, setRepairsText] = useState(String(valuation.repairs.amount));
  const saveRepairs = useSaveRepairs(propertyId);
  const toast = useToast();

  const arv = drafts.arv !== undefined ? parseAmount(drafts.arv) : (valuation.arv?.value ?? null);
  const defaults = defaultInputs(valuation, arv);
  const valueOf = (key: keyof DealAssumptions) => (drafts[key] !== undefined ? (parseAmount(drafts[key]) ?? 0) : defaults[key]!);
  const assumptions = Object.fromEntries(ASSUMPTION_KEYS.map((key) => [key, valueOf(key)])) as unknown as DealAssumptions;
  const repairs = parseAmount(repairsText) ?? 0;
  const mao = arv === null ? null : maximumAllowableOffer(arv, repairs, assumptions);
  const typedPrice = drafts.purchasePrice !== undefined ? parseAmount(drafts.purchasePrice) : null;
  const purchasePrice = typedPrice ?? Math.max(0, mao ?? 0);
  const flip = arv === null ? null : analyzeFlip(arv, repairs, purchasePrice, assumptions);
  const rental = analyzeRental(repairs, purchasePrice, assumptions);
  const wholesale = arv === null ? null : analyzeWholesale(arv, repairs, purchasePrice, assumptions);

  const livingSqft = valuation.subject.livingSqft;
  const repairsChanged = preset !== valuation.repairs.preset || repairs !== valuation.repairs.amount;

  const setDraft = (key: DealInput, text: string) => setDrafts((current) => ({ ...current, [key]: text }));
  const shown = (key: DealInput) =>
    drafts[key] ?? (key === 'purchasePrice' ? '' : String(defaults[key as Exclude<DealInput, 'purchasePrice'>] ?? ''));
  const changed = (key: DealInput) =>
    drafts[key] !== undefined &&
    (key === 'purchasePrice' ? drafts[key] !== '' : parseAmount(drafts[key]!) !== defaults[key as keyof typeof defaults]);
  const anyChanged = (Object.keys(drafts) as DealInput[]).some((key) => changed(key)) || repairsChanged;
  const field = (spec: DealInputSpec) => (
    <NumberField
      key={spec.key}
      spec={spec}
      value={shown(spec.key)}
      changed={changed(spec.key)}
      onChange={(text) => setDraft(spec.key, text)}
      testId={`input-${spec.key}`}
    />
  );

  const choosePreset = (name: string) => {
    if (name === '') {
      setPreset(null);
      return;
    }
    const chosen = valuation.repairPresets.find((p) => p.name === name);
    if (!chosen) return;
    setPreset(chosen.name);
    setRepairsText(String(repairEstimate(chosen, livingSqft)));
  };

  const save = () =>
    saveRepairs.mutate(
      { preset, amount: repairs },
      { onSuccess: (saved) => toast.show('success', `Repair estimate saved: ${formatMoney(saved.repairs.amount)}`) },
    );

  const reset = () => {
    setDrafts({});
    setPreset(valuation.repairs.preset);
    setRepairsText(String(valuation.repairs.amount));
  };

  return (
    <div className="offer-calculator" data-testid="offer-calculator">
      <div className="offer-inputs">
        <fieldset className="deal-group">
          <legend>Offer</legend>
          <div className="deal-grid">
            <NumberField
              spec={{ label: 'After-repair value (ARV)', unit: '$' }}
              value={shown('arv')}
              placeholder="Enter a value"
              changed={changed('arv')}
              onChange={(text) => setDraft('arv', text)}
              testId="input-arv"
            />
            <NumberField
              spec={{ label: 'ARV rule', unit: '%', hint: 'Share of the ARV an investor pays, before repairs and costs' }}
              value={shown('arvRulePercent')}
              changed={changed('arvRulePercent')}
              onChange={(text) => setDraft('arvRulePercent', text)}
              testId="input-arvRulePercent"
            />
            <NumberField
              spec={{ label: 'Other costs', unit: '$', hint: 'Closing, fees, your margin for error' }}
              value={shown('otherCosts')}
              changed={changed('otherCosts')}
              onChange={(text) => setDraft('otherCosts', text)}
              testId="input-otherCosts"
            />
            <div className="field deal-field deal-field-wide">
              <label htmlFor="repair-preset">Repairs</label>
              <select
                id="repair-preset"
                value={preset ?? ''}
                onChange={(event) => choosePreset(event.target.value)}
                data-testid="repair-preset"
              >
                {valuation.repairPresets.map((option) => (
                  <option key={option.name} value={option.name}>
                    {formatMoney(repairEstimate(option, livingSqft))} · {option.label}
                  </option>
                ))}
                <option value="">Custom amount</option>
              </select>
              <p className="field-hint">
                {livingSqft
                  ? `Presets are priced per sq ft of the ${formatNumber(livingSqft)} sq ft living area, with a minimum.`
                  : 'No living area known: presets give their minimum.'}
              </p>
            </div>
            <NumberField
              spec={{ label: 'Repair estimate', unit: '$' }}
              value={repairsText}
              changed={repairsChanged}
              onChange={(text) => {
                setRepairsText(text);
                setPreset(null);
              }}
              testId="input-repairs"
            />
            <NumberField
              spec={{ label: 'Purchase price', unit: '$', hint: 'Empty: the maximum allowable offer' }}
              value={shown('purchasePrice')}
              placeholder={mao === null ? '' : `${formatNumber(Math.max(0, mao))} (MAO)`}
              changed={changed('purchasePrice')}
              onChange={(text) => setDraft('purchasePrice', text)}
              testId="input-purchasePrice"
            />
          </div>
          {canEdit && (
            <div className="deal-actions">
              <button
                type="button"
                className="btn btn-primary btn-sm"
                onClick={save}
                disabled={!repairsChanged || saveRepairs.isPending || parseAmount(repairsText) === null}
              >
                {saveRepairs.isPending ? 'Saving…' : 'Save repair estimate'}
              </button>
              {anyChanged && (
                <button type="button" className="btn btn-ghost btn-sm" onClick={reset}>
                  Reset to saved
                </button>
              )}
              {!repairsChanged && <span className="cell-muted">Saved estimate: {formatMoney(valuation.repairs.amount)}</span>}
            </div>
          )}
        </fieldset>
        <fieldset className="deal-group">
          <legend>Flip</legend>
          <div className="deal-grid">{FLIP_INPUTS.map(field)}</div>
        </fieldset>
        <fieldset className="deal-group">
          <legend>Buy and hold</legend>
          <div className="deal-grid">{RENTAL_INPUTS.map(field)}</div>
        </fieldset>
        <fieldset className="deal-group">
          <legend>Wholesale</legend>
          <div className="deal-grid">{WHOLESALE_INPUTS.map(field)}</div>
        </fieldset>
      </div>

      <div className="offer-results" aria-live="polite">
        <div className="mao-block">
          <span className="key-fact-label">Maximum allowable offer</span>
          <span className={mao !== null && mao < 0 ? 'mao-value metric-bad' : 'mao-value'} data-testid="mao">
            {mao === null ? '—' : formatMoney(mao)}
          </span>
          <span className="cell-muted">
            {arv === null
              ? 'Enter an ARV to compute the offer.'
              : `${formatPercent(assumptions.arvRulePercent)} of ${formatMoney(arv)} − repairs ${formatMoney(repairs)} − other costs ${formatMoney(assumptions.otherCosts)}`}
          </span>
          {mao !== null && mao < 0 && (
            <span className="metric-bad mao-warning">
              At this ARV the repairs and costs leave nothing to pay for the house: the deal does not work by this rule.
            </span>
          )}
        </div>

        {flip && arv !== null && <DealBar arv={arv} repairs={repairs} flip={flip} />}

        <section className="deal-result" aria-labelledby="flip-result-title">
          <h3 id="flip-result-title">Flip at {formatMoney(purchasePrice)}</h3>
          {flip ? (
            <dl className="metric-list">
              <Metric label="Profit" value={formatMoney(flip.profit)} tone={toneOf(flip.profit)} testId="flip-profit" />
              <Metric label="Return on cash" value={formatPercent(flip.roiPercent)} tone={toneOf(flip.roiPercent)} testId="flip-roi" />
              <Metric label="Cash invested" value={formatMoney(flip.cashInvested)} />
              <Metric
                label="Holding costs"
                value={formatMoney(flip.holdingCosts)}
                note={`(${formatNumber(assumptions.holdingMonths)} months)`}
              />
              <Metric label="Financing costs" value={formatMoney(flip.financingCosts)} />
              <Metric label="Selling costs" value={formatMoney(flip.sellingCosts)} />
              <Metric label="Total cost" value={formatMoney(flip.totalCost)} />
            </dl>
          ) : (
            <p className="cell-muted">Needs an ARV.</p>
          )}
        </section>

        <section className="deal-result" aria-labelledby="rental-result-title">
          <h3 id="rental-result-title">Buy and hold</h3>
          <dl className="metric-list">
            <Metric
              label="Cash flow / month"
              value={formatMoney(rental.cashFlowMonthly)}
              tone={toneOf(rental.cashFlowMonthly)}
              testId="rental-cash-flow"
            />
            <Metric label="Cap rate" value={formatPercent(rental.capRatePercent)} testId="rental-cap-rate" />
            <Metric label="Cash on cash" value={formatPercent(rental.cashOnCashPercent)} tone={toneOf(rental.cashOnCashPercent)} />
            <Metric
              label="Debt service coverage"
              value={rental.dscr === null ? '—' : `${rental.dscr.toFixed(2)}×`}
              tone={rental.dscr === null ? undefined : rental.dscr >= 1.2 ? 'good' : 'bad'}
              note="(lenders look for 1.2×)"
              testId="rental-dscr"
            />
            <Metric label="Net operating income / year" value={formatMoney(rental.netOperatingIncome)} />
            <Metric label="Mortgage payment / month" value={formatMoney(rental.mortgagePaymentMonthly)} />
            <Metric label="Cash invested" value={formatMoney(rental.cashInvested)} />
          </dl>
        </section>

        <section className="deal-result" aria-labelledby="wholesale-result-title">
          <h3 id="wholesale-result-title">Wholesale</h3>
          {wholesale ? (
            <dl className="metric-list">
              <Metric label="Your contract price" value={formatMoney(wholesale.contractPrice)} />
              <Metric label="Assignment fee" value={formatMoney(wholesale.assignmentFee)} testId="wholesale-fee" />
              <Metric label="End buyer pays" value={formatMoney(wholesale.buyerPrice)} />
              <Metric label="End buyer's profit" value={formatMoney(wholesale.buyerProfit)} tone={toneOf(wholesale.buyerProfit)} />
              <Metric
                label="End buyer's margin"
                value={formatPercent(wholesale.buyerMarginPercent)}
                tone={toneOf(wholesale.buyerMarginPercent)}
                note="(of the ARV)"
                testId="wholesale-margin"
              />
            </dl>
          ) : (
            <p className="cell-muted">Needs an ARV.</p>
          )}
        </section>
      </div>
    </div>
  );
}
