import { formatNumber } from '../../../lib/format';
import type { ModelMetrics, ModelView } from '../api';

const percent = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`;

/** The top of the axes: the largest share shown, rounded up to a tenth, so low probabilities are not squeezed into a corner. */
function axisTop(bins: ModelMetrics['calibration']): number {
  const largest = Math.max(0.1, ...bins.flatMap((bin) => [bin.predicted, bin.observed]));
  return Math.min(1, Math.ceil(largest * 10 - 1e-9) / 10);
}

/**
 * Predicted against observed share of positives per bin of held-out parcels: on
 * the diagonal the model's probabilities mean what they say. Dots grow with the
 * number of parcels in the bin.
 */
export function CalibrationChart({ model }: { model: ModelView }) {
  const bins = model.metrics.calibration.filter((bin) => bin.count > 0);
  const top = axisTop(bins);
  const size = 320;
  const left = 48;
  const bottom = 44;
  const pad = 12;
  const plot = size - left - pad;
  const x = (share: number) => left + (share / top) * plot;
  const y = (share: number) => pad + plot - (share / top) * plot;
  const largest = Math.max(1, ...bins.map((bin) => bin.count));
  const radius = (count: number) => 3 + 9 * Math.sqrt(count / largest);
  const ticks = Array.from({ length: 6 }, (_, i) => (top * i) / 5);

  return (
    <figure className="calibration">
      <svg
        className="chart calibration-chart"
        viewBox={`0 0 ${size} ${pad + plot + bottom}`}
        role="img"
        aria-label={`Calibration of model version ${model.version}: predicted against observed share of positives`}
        data-testid="calibration-chart"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="chart-grid" x1={left} x2={left + plot} y1={y(tick)} y2={y(tick)} />
            <line className="chart-grid" x1={x(tick)} x2={x(tick)} y1={pad} y2={pad + plot} />
            <text className="chart-axis" x={left - 6} y={y(tick) + 4} textAnchor="end">
              {percent(tick)}
            </text>
            <text className="chart-axis" x={x(tick)} y={pad + plot + 16} textAnchor="middle">
              {percent(tick)}
            </text>
          </g>
        ))}
        <line className="calibration-diagonal" x1={x(0)} y1={y(0)} x2={x(top)} y2={y(top)} />
        <polyline className="calibration-line" points={bins.map((bin) => `${x(bin.predicted)},${y(bin.observed)}`).join(' ')} />
        {bins.map((bin, i) => (
          <circle
            key={i}
            className="calibration-dot"
            cx={x(bin.predicted)}
            cy={y(Math.min(bin.observed, top))}
            r={radius(bin.count)}
            data-testid="calibration-bin"
          >
            <title>{`Predicted ${percent(bin.predicted, 1)}, observed ${percent(bin.observed, 1)} of ${formatNumber(bin.count)} parcels`}</title>
          </circle>
        ))}
        <text className="chart-axis calibration-axis-title" x={left + plot / 2} y={pad + plot + 34} textAnchor="middle">
          Predicted probability
        </text>
        <text
          className="chart-axis calibration-axis-title"
          x={12}
          y={pad + plot / 2}
          textAnchor="middle"
          transform={`rotate(-90 12 ${pad + plot / 2})`}
        >
          Observed share positive
        </text>
      </svg>
      <figcaption className="chart-legend">
        <span>
          <span className="calibration-key-diagonal" aria-hidden="true" /> Perfect calibration
        </span>
        <span>
          <span className="calibration-key-dot" aria-hidden="true" /> A bin of held-out parcels; larger holds more
        </span>
      </figcaption>
    </figure>
  );
}

const score3 = (value: number) => value.toFixed(3);
const signed = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value * 100).toFixed(1)}`;

/** The model beside the stack score on the same held-out parcels, when the model carries the stack's numbers. */
export function ModelComparison({ model }: { model: ModelView }) {
  const m = model.metrics;
  const stackAuc = typeof m.stackRocAuc === 'number' ? m.stackRocAuc : null;
  const stackPrecision = typeof m.stackPrecisionAt5 === 'number' ? m.stackPrecisionAt5 : null;
  const better = (mine: number, theirs: number | null) =>
    theirs === null ? null : mine === theirs ? (
      <span className="metric-delta">±0.0 pts</span>
    ) : (
      <span className={`metric-delta ${mine > theirs ? 'metric-delta-up' : 'metric-delta-down'}`}>{signed(mine - theirs)} pts</span>
    );

  return (
    <div className="model-comparison">
      <table className="data-table data-table-compact" aria-label={`Metrics of model version ${model.version}`}>
        <thead>
          <tr>
            <th>Held-out metric</th>
            <th className="cell-numeric">Model v{model.version}</th>
            <th className="cell-numeric">Stack score</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              ROC AUC
              <div className="cell-muted">Chance that a positive parcel ranks above a negative one</div>
            </td>
            <td className="cell-numeric">
              {score3(m.rocAuc)}
              {m.rocAucInterval && (
                <div className="cell-muted" title="90 % bootstrap interval over the held-out parcels">
                  {score3(m.rocAucInterval[0])}–{score3(m.rocAucInterval[1])}
                </div>
              )}
              <div>{better(m.rocAuc, stackAuc)}</div>
              {m.rocAucGainInterval && (
                <div
                  className="cell-muted cell-nowrap"
                  title="90 % bootstrap interval of the difference to the stack score, on the same parcels"
                  data-testid="auc-gain-interval"
                >
                  {signed(m.rocAucGainInterval[0])} to {signed(m.rocAucGainInterval[1])} pts
                </div>
              )}
            </td>
            <td className="cell-numeric">{stackAuc === null ? <span className="cell-muted">—</span> : score3(stackAuc)}</td>
          </tr>
          <tr>
            <td>
              Precision at top 5 %<div className="cell-muted">Share positive among the highest-scored 5 %</div>
            </td>
            <td className="cell-numeric">
              {percent(m.precisionAt5, 1)}
              <div>{better(m.precisionAt5, stackPrecision)}</div>
            </td>
            <td className="cell-numeric">{stackPrecision === null ? <span className="cell-muted">—</span> : percent(stackPrecision, 1)}</td>
          </tr>
          <tr>
            <td>
              Base rate
              <div className="cell-muted">Share positive among all held-out parcels</div>
            </td>
            <td className="cell-numeric" colSpan={2}>
              {percent(m.baseRate, 1)}
              {m.baseRate > 0 && (
                <div className="cell-muted">top 5 % lift {formatNumber(Math.round((m.precisionAt5 / m.baseRate) * 10) / 10)}×</div>
              )}
            </td>
          </tr>
          <tr>
            <td>
              Brier score
              <div className="cell-muted">Mean squared error of the probabilities; lower is better</div>
            </td>
            <td className="cell-numeric">{score3(m.brier)}</td>
            <td className="cell-numeric">
              <span className="cell-muted">—</span>
            </td>
          </tr>
        </tbody>
      </table>
      <p className="field-hint">
        Learnt from {formatNumber(m.trainRows)} parcels and measured on {formatNumber(m.testRows)} it never saw ({formatNumber(m.positives)}{' '}
        positive in all), with {formatNumber(m.trees)} trees.
      </p>
    </div>
  );
}
