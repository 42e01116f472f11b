import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { formatDay, formatMoney, formatNumber } from '../../../lib/format';
import type { Comp } from '../api';
import { formatSignedMoney } from '../money';

const monthsAgo = (months: number) => (months < 1 ? 'this month' : `${Math.round(months)} mo ago`);

/** "living area +$12,300, location −$4,100": the adjustments on one line, for the tooltip. */
export function adjustmentsText(comp: Comp): string {
  return comp.adjustments.map((adjustment) => `${adjustment.factor} ${formatSignedMoney(adjustment.amount)}`).join(', ');
}

function Adjustments({ comp }: { comp: Comp }) {
  return (
    <ol className="adjustment-list" aria-label={`Adjustments of comp ${comp.address ?? ''}`}>
      <li>
        <span>Sold for</span>
        <span className="cell-numeric">{formatMoney(comp.price)}</span>
      </li>
      {comp.adjustments.map((adjustment) => (
        <li key={adjustment.factor}>
          <span className="adjustment-factor">{adjustment.factor}</span>
          <span className={adjustment.amount < 0 ? 'cell-numeric adjustment-down' : 'cell-numeric adjustment-up'}>
            {formatSignedMoney(adjustment.amount)}
          </span>
        </li>
      ))}
      <li className="adjustment-total">
        <span>Adjusted to this property</span>
        <span className="cell-numeric">{formatMoney(comp.adjustedPrice)}</span>
      </li>
    </ol>
  );
}

/**
 * The comparable sales, numbered as on the map, nearest first. Each row opens to
 * show how the model moved its price to this property, factor by factor.
 */
export function CompsTable({
  comps,
  highlighted,
  onHighlight,
}: {
  comps: Comp[];
  highlighted: number | null;
  onHighlight: (index: number | null) => void;
}) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (saleId: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(saleId)) next.delete(saleId);
      else next.add(saleId);
      return next;
    });

  return (
    <div className="table-wrap">
      <table className="data-table comps-table" aria-label="Comparable sales">
        <thead>
          <tr>
            <th className="cell-numeric">#</th>
            <th>Address</th>
            <th>Sold</th>
            <th className="cell-numeric">Price</th>
            <th className="cell-numeric">Sq ft</th>
            <th className="cell-numeric">Beds / baths</th>
            <th className="cell-numeric">Built</th>
            <th className="cell-numeric">Distance</th>
            <th className="cell-numeric">Adjusted price</th>
            <th className="cell-numeric">Weight</th>
          </tr>
        </thead>
        <tbody>
          {comps.map((comp, index) => {
            const expanded = open.has(comp.saleId);
            const rowClass = highlighted === index ? 'comp-row comp-row-active' : 'comp-row';
            return (
              <Fragment key={comp.saleId}>
                <tr
                  className={rowClass}
                  data-testid="comp-row"
                  onMouseEnter={() => onHighlight(index)}
                  onMouseLeave={() => onHighlight(null)}
                >
                  <td className="cell-numeric">
                    <span className="comp-number">{index + 1}</span>
                  </td>
                  <td>
                    <Link to={`/properties/${comp.propertyId}`} className="comp-address">
                      {comp.address ?? 'Address unknown'}
                    </Link>
                  </td>
                  <td className="cell-nowrap">
                    {formatDay(comp.saleDate)}
                    <div className="cell-muted">{monthsAgo(comp.months)}</div>
                  </td>
                  <td className="cell-numeric">{formatMoney(comp.price)}</td>
                  <td className="cell-numeric">{formatNumber(comp.livingSqft)}</td>
                  <td className="cell-numeric">
                    {comp.beds ?? '–'} / {comp.baths ?? '–'}
                  </td>
                  <td className="cell-numeric">{comp.yearBuilt ?? '–'}</td>
                  <td className="cell-numeric cell-nowrap">
                    {comp.miles === null ? <span className="cell-muted">same ZIP</span> : `${comp.miles.toFixed(2)} mi`}
                  </td>
                  <td className="cell-numeric">
                    <button
                      type="button"
                      className="comp-adjusted"
                      aria-expanded={expanded}
                      aria-label={`${formatMoney(comp.adjustedPrice)}: show adjustments`}
                      title={adjustmentsText(comp)}
                      onClick={() => toggle(comp.saleId)}
                    >
                      <strong>{formatMoney(comp.adjustedPrice)}</strong>
                      <Icon name="chevronDown" className={expanded ? 'icon icon-sm icon-flip' : 'icon icon-sm'} />
                    </button>
                  </td>
                  <td className="cell-numeric">{Math.round(comp.weight * 100)} %</td>
                </tr>
                {expanded && (
                  <tr className="comp-adjustments-row">
                    <td />
                    <td colSpan={9}>
                      <Adjustments comp={comp} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
