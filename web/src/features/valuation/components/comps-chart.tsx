import { formatMoney } from '../../../lib/format';
import type { Comp, PropertyValuation } from '../api';
import { formatMoneyShort } from '../money';

const WIDTH = 520;
const ROW = 24;
const TOP = 34;
const BOTTOM = 26;
const LEFT = 34;
const RIGHT = 78;

/** Round steps for a money axis spanning `span` dollars, about four of them. */
function moneyStep(span: number): number {
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough)! * power;
}

/**
 * Each comp from the price it sold for to its price adjusted to this property,
 * against the ARV and its range: where the comps agree, and how far the
 * adjustments moved each one. Dots, not bars from zero, so close prices stay apart.
 */
export function CompsChart({
  arv,
  comps,
  highlighted,
  onHighlight,
}: {
  arv: NonNullable<PropertyValuation['arv']>;
  comps: Comp[];
  highlighted: number | null;
  onHighlight: (index: number | null) => void;
}) {
  const values = [arv.low, arv.high, arv.value, ...comps.flatMap((comp) => [comp.adjustedPrice, comp.price])];
  const rawMin = Math.min(...values);
  const rawMax = Math.max(...values);
  const step = moneyStep(Math.max(rawMax - rawMin, rawMax * 0.05));
  const min = Math.max(0, Math.floor((rawMin - step * 0.25) / step) * step);
  const max = Math.ceil((rawMax + step * 0.25) / step) * step;
  const height = TOP + comps.length * ROW + BOTTOM;
  const x = (value: number) => LEFT + ((value - min) / (max - min)) * (WIDTH - LEFT - RIGHT);
  const ticks = Array.from({ length: Math.round((max - min) / step) + 1 }, (_, i) => min + i * step);

  return (
    <figure className="comps-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label="Adjusted prices of the comps against the after-repair value range"
        data-testid="comps-chart"
      >
        <rect
          className="chart-band"
          x={x(arv.low)}
          y={TOP - 6}
          width={Math.max(1, x(arv.high) - x(arv.low))}
          height={comps.length * ROW + 8}
        >
          <title>{`ARV range ${formatMoney(arv.low)} – ${formatMoney(arv.high)}`}</title>
        </rect>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="chart-grid" x1={x(tick)} x2={x(tick)} y1={TOP - 6} y2={TOP + comps.length * ROW + 2} />
            <text className="chart-axis" x={x(tick)} y={height - 8} textAnchor="middle">
              {formatMoneyShort(tick)}
            </text>
          </g>
        ))}
        <line className="chart-arv" x1={x(arv.value)} x2={x(arv.value)} y1={TOP - 12} y2={TOP + comps.length * ROW + 2} />
        <text className="chart-arv-label" x={x(arv.value)} y={TOP - 16} textAnchor="middle">
          ARV {formatMoneyShort(arv.value)}
        </text>
        {comps.map((comp, index) => {
          const y = TOP + index * ROW;
          const active = highlighted === index;
          return (
            <g
              key={comp.saleId}
              className={active ? 'chart-row chart-row-active' : 'chart-row'}
              onMouseEnter={() => onHighlight(index)}
              onMouseLeave={() => onHighlight(null)}
            >
              <title>{`${index + 1}. sold ${formatMoney(comp.price)}, adjusted to ${formatMoney(comp.adjustedPrice)}, weight ${Math.round(comp.weight * 100)} %`}</title>
              <rect className="chart-row-hit" x={0} y={y} width={WIDTH} height={ROW} />
              <text className="chart-axis" x={LEFT - 10} y={y + ROW / 2 + 4} textAnchor="end">
                {index + 1}
              </text>
              <line className="chart-adjustment" x1={x(comp.price)} x2={x(comp.adjustedPrice)} y1={y + ROW / 2} y2={y + ROW / 2} />
              <circle className="chart-sale-dot" cx={x(comp.price)} cy={y + ROW / 2} r="4" />
              <circle className="chart-adjusted-dot" cx={x(comp.adjustedPrice)} cy={y + ROW / 2} r={3.5 + 5 * Math.sqrt(comp.weight)} />
              <text className="chart-value" x={WIDTH - 4} y={y + ROW / 2 + 4} textAnchor="end">
                {formatMoneyShort(comp.adjustedPrice)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span>
          <span className="chart-swatch chart-swatch-sale" aria-hidden="true" /> Sale price
        </span>
        <span>
          <span className="chart-swatch chart-swatch-adjusted" aria-hidden="true" /> Adjusted to this property (larger: more weight)
        </span>
        <span>
          <span className="chart-swatch chart-swatch-band" aria-hidden="true" /> ARV range
        </span>
      </figcaption>
    </figure>
  );
}
