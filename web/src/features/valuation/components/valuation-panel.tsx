import { useState } from 'react';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDay, formatMoney, formatNumber, formatRelative } from '../../../lib/format';
import { roleAtLeast } from '../../../lib/roles';
import { useCurrentMembership } from '../../../lib/current-membership';
import { usePropertyValuation, useTrainValuationModel, type PropertyValuation } from '../api';
import { CompsChart } from './comps-chart';
import { CompsMap } from './comps-map';
import { CompsTable } from './comps-table';
import { OfferCalculator } from './offer-calculator';

type Grade = NonNullable<PropertyValuation['arv']>['grade'];

/** The grades as the server sets them from the half-width of the range (estimate.ts). */
const GRADE_MEANING: Record<Grade, string> = {
  A: 'High confidence: the range is within about ±8 %',
  B: 'Good confidence: within about ±12 %',
  C: 'Fair confidence: within about ±20 %',
  D: 'Low confidence: the comps disagree or are few; check them by hand',
};

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function ArvFacts({ valuation }: { valuation: PropertyValuation }) {
  const arv = valuation.arv!;
  const { model } = valuation;
  return (
    <div className="arv-facts" data-testid="arv">
      <div className="key-fact">
        <span className="key-fact-label">After-repair value</span>
        <span className="arv-value">
          <span data-testid="arv-value">{formatMoney(arv.value)}</span>
          <span className={`grade grade-${arv.grade}`} title={GRADE_MEANING[arv.grade]} data-testid="arv-grade">
            {arv.grade}
          </span>
        </span>
        <span className="key-fact-note">{GRADE_MEANING[arv.grade]}</span>
      </div>
      <div className="key-fact">
        <span className="key-fact-label">Likely range</span>
        <span className="key-fact-value cell-nowrap" data-testid="arv-range">
          {formatMoney(arv.low)} – {formatMoney(arv.high)}
        </span>
      </div>
      <div className="key-fact">
        <span className="key-fact-label">Model alone</span>
        <span className="key-fact-value">{formatMoney(arv.hedonicValue)}</span>
        <span className="key-fact-note">From the home's facts and location</span>
      </div>
      <div className="key-fact">
        <span className="key-fact-label">Comps alone</span>
        <span className="key-fact-value">{arv.compsValue === null ? '—' : formatMoney(arv.compsValue)}</span>
        <span className="key-fact-note">Weighted adjusted prices</span>
      </div>
      <div className="key-fact">
        <span className="key-fact-label">Model</span>
        {model ? (
          <>
            <span className="key-fact-value">v{model.version}</span>
            <span className="key-fact-note" title={`Trained ${formatRelative(model.trainedAt)}`}>
              {formatNumber(model.trainingSales)} sales, typical error ±{formatNumber(Math.round(model.heldOutError * 1000) / 10)} %
            </span>
          </>
        ) : (
          <span className="key-fact-value">—</span>
        )}
      </div>
    </div>
  );
}

function TrainButton() {
  const train = useTrainValuationModel();
  const toast = useToast();
  return (
    <button
      type="button"
      className="btn btn-secondary btn-sm"
      disabled={train.isPending}
      onClick={() =>
        train.mutate(undefined, {
          onSuccess: (model) =>
            toast.show('success', `Valuation model v${model.version} learnt from ${formatNumber(model.trainingSales)} sales`),
        })
      }
      title="Learn the valuation model again from all the sales recorded now"
    >
      {train.isPending ? 'Learning…' : 'Retrain model'}
    </button>
  );
}

/**
 * The property's value after repairs with its comps (map, chart and table), and
 * the offer calculator. Two cards, placed together on the property page.
 */
export function ValuationPanel({ propertyId }: { propertyId: string }) {
  const valuation = usePropertyValuation(propertyId);
  const membership = useCurrentMembership();
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const canEdit = !!membership && roleAtLeast(membership.role, 'member');
  const isAdmin = !!membership && roleAtLeast(membership.role, 'admin');
  const data = valuation.data;

  return (
    <div className="valuation-panel" data-testid="valuation-panel">
      <section className="card" aria-labelledby="valuation-title">
        <div className="card-header card-header-actions">
          <div>
            <h2 id="valuation-title">Value after repairs</h2>
            <p>
              {data?.status === 'ok'
                ? `From ${data.comps.length} comparable ${data.comps.length === 1 ? 'sale' : 'sales'} and a model learnt from your recorded sales, as of ${formatDay(data.valuedOn)}.`
                : 'From comparable sales and a model learnt from your recorded sales.'}
            </p>
          </div>
          {isAdmin && data && <TrainButton />}
        </div>
        {valuation.isPending ? (
          <LoadingState label="Valuing the property… the first valuation learns the model from your sales, which takes a moment." />
        ) : valuation.isError ? (
          <ErrorState error={valuation.error} onRetry={() => valuation.refetch()} />
        ) : data!.status !== 'ok' || !data!.arv ? (
          <div className="state state-empty" data-testid="valuation-insufficient">
            <p className="state-title">Not enough data to value this property</p>
            <p className="state-text">
              {sentence(data!.reason ?? 'The valuation needs recorded sales of homes with a known living area')} You can still work out an
              offer below with an ARV of your own.
            </p>
          </div>
        ) : (
          <>
            <ArvFacts valuation={data!} />
            {data!.comps.length > 0 ? (
              <>
                <div className="valuation-visuals">
                  <CompsMap subject={data!.subject} comps={data!.comps} highlighted={highlighted} onHighlight={setHighlighted} />
                  <CompsChart arv={data!.arv} comps={data!.comps} highlighted={highlighted} onHighlight={setHighlighted} />
                </div>
                <CompsTable comps={data!.comps} highlighted={highlighted} onHighlight={setHighlighted} />
              </>
            ) : (
              <p className="card-padded cell-muted">
                No comparable sales nearby in the last year: the value comes from the model alone, so its range is wider.
              </p>
            )}
          </>
        )}
      </section>

      {data && (
        <section className="card" aria-labelledby="offer-title">
          <div className="card-header">
            <h2 id="offer-title">Offer calculator</h2>
            <p>Change any number and the offer and deal figures follow as you type. The starting numbers are your workspace's settings.</p>
          </div>
          <OfferCalculator valuation={data} propertyId={propertyId} canEdit={canEdit} />
        </section>
      )}
    </div>
  );
}
