import { formatMoney } from '../../../lib/format';
import type { Comp, PropertyValuation } from '../api';
import { projectPoints, scaleBar } from '../map-projection';

const WIDTH = 520;
const HEIGHT = 340;
const PADDING = 30;

/** Round distances for the rings around the subject. */
const RING_MILES = [0.1, 0.25, 0.5, 1, 2];

/**
 * The subject and its comps from their coordinates, as plain SVG: no map tiles,
 * so nothing leaves the server and it works offline. Comps carry their number
 * from the comps table; rings and the scale bar give distances.
 */
export function CompsMap({
  subject,
  comps,
  highlighted,
  onHighlight,
}: {
  subject: PropertyValuation['subject'];
  comps: Comp[];
  highlighted: number | null;
  onHighlight: (index: number | null) => void;
}) {
  const located = comps.map((comp, index) => ({ comp, index })).filter(({ comp }) => comp.latitude !== null && comp.longitude !== null);
  const subjectLocated = subject.latitude !== null && subject.longitude !== null;
  const coordinates = [
    ...(subjectLocated ? [{ lat: subject.latitude!, lon: subject.longitude! }] : []),
    ...located.map(({ comp }) => ({ lat: comp.latitude!, lon: comp.longitude! })),
  ];

  if (coordinates.length === 0) {
    return (
      <div className="comps-map comps-map-empty" data-testid="comps-map">
        <p className="cell-muted">
          No coordinates for this property or its comps, so there is nothing to place on a map. Enrichment can geocode the addresses.
        </p>
      </div>
    );
  }

  const projection = projectPoints(coordinates, WIDTH, HEIGHT, PADDING);
  const subjectPoint = subjectLocated ? projection.points[0]! : null;
  const compPoints = projection.points.slice(subjectLocated ? 1 : 0);
  const bar = scaleBar(projection.milesPerPixel, 120);
  const rings = subjectPoint
    ? RING_MILES.filter((miles) => miles / projection.milesPerPixel > 24 && miles / projection.milesPerPixel < WIDTH)
    : [];
  const missing = comps.length - located.length;

  return (
    <figure className="comps-map" data-testid="comps-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Map of the property and ${located.length} comparable sales`}>
        <defs>
          <clipPath id="comps-map-clip">
            <rect width={WIDTH} height={HEIGHT} rx="8" />
          </clipPath>
        </defs>
        <rect className="map-ground" width={WIDTH} height={HEIGHT} rx="8" />
        <g clipPath="url(#comps-map-clip)">
          {subjectPoint &&
            rings.map((miles) => (
              <g key={miles}>
                <circle className="map-ring" cx={subjectPoint.x} cy={subjectPoint.y} r={miles / projection.milesPerPixel} />
                <text className="map-ring-label" x={subjectPoint.x + 4} y={subjectPoint.y - miles / projection.milesPerPixel + 12}>
                  {miles} mi
                </text>
              </g>
            ))}
        </g>

        {located.map(({ comp, index }, i) => {
          const point = compPoints[i]!;
          const active = highlighted === index;
          return (
            <g
              key={comp.saleId}
              className={active ? 'map-comp map-comp-active' : 'map-comp'}
              data-testid="map-comp"
              transform={`translate(${point.x} ${point.y})`}
              onMouseEnter={() => onHighlight(index)}
              onMouseLeave={() => onHighlight(null)}
            >
              <title>{`${index + 1}. ${comp.address ?? 'Sale'}: sold for ${formatMoney(comp.price)}, adjusted ${formatMoney(comp.adjustedPrice)}${comp.miles === null ? '' : `, ${comp.miles} mi away`}`}</title>
              <circle r={active ? 13 : 11} />
              <text y="4" textAnchor="middle">
                {index + 1}
              </text>
            </g>
          );
        })}

        {subjectPoint && (
          <g className="map-subject" data-testid="map-subject" transform={`translate(${subjectPoint.x} ${subjectPoint.y})`}>
            <title>This property</title>
            <path d="M0 -15 L13 -3 L13 12 L-13 12 L-13 -3 Z" />
            <text y="8" textAnchor="middle">
              ★
            </text>
          </g>
        )}

        <g className="map-scale" transform={`translate(16 ${HEIGHT - 18})`}>
          <rect className="map-scale-backdrop" x="-6" y="-20" width={bar.pixels + 12} height="28" rx="4" />
          <path d={`M0 -6 V0 H${bar.pixels} V-6`} />
          <text x={bar.pixels / 2} y="-9" textAnchor="middle">
            {bar.label}
          </text>
        </g>
        <g className="map-north" transform={`translate(${WIDTH - 22} 26)`}>
          <path d="M0 -12 L6 4 L0 0 L-6 4 Z" />
          <text y="16" textAnchor="middle">
            N
          </text>
        </g>
      </svg>
      <figcaption className="comps-map-caption">
        <span className="map-key map-key-subject" aria-hidden="true" /> This property
        <span className="map-key map-key-comp" aria-hidden="true" /> Comparable sale, numbered as in the table
        {!subjectLocated && <span className="cell-muted"> · This property has no coordinates; its comps were matched by ZIP code.</span>}
        {missing > 0 && (
          <span className="cell-muted">
            {' '}
            · {missing} {missing === 1 ? 'comp has' : 'comps have'} no coordinates and {missing === 1 ? 'is' : 'are'} not shown.
          </span>
        )}
      </figcaption>
    </figure>
  );
}
