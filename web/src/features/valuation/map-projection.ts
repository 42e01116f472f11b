/** Miles per degree of latitude (and of longitude at the equator). */
const MILES_PER_DEGREE = 69.17;

export interface LatLon {
  lat: number;
  lon: number;
}

export interface Projection {
  /** Each point in the box, north up, in the order given. */
  points: { x: number; y: number }[];
  milesPerPixel: number;
}

/**
 * Places points in a `width` × `height` box on a local flat projection: longitude
 * is shrunk by cos(latitude), so a mile is as long east–west as north–south, and
 * the points are centred and scaled to fill the box inside `padding`. Enough for
 * the few miles between a house and its comps; no map tiles needed.
 */
export function projectPoints(coordinates: LatLon[], width: number, height: number, padding: number, minimumSpanMiles = 0.25): Projection {
  if (coordinates.length === 0) return { points: [], milesPerPixel: minimumSpanMiles / Math.max(1, width - 2 * padding) };
  const meanLat = coordinates.reduce((sum, c) => sum + c.lat, 0) / coordinates.length;
  const squeeze = Math.cos((meanLat * Math.PI) / 180);
  const miles = coordinates.map((c) => ({ x: c.lon * squeeze * MILES_PER_DEGREE, y: c.lat * MILES_PER_DEGREE }));
  const xs = miles.map((m) => m.x);
  const ys = miles.map((m) => m.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = Math.max(maxX - minX, minimumSpanMiles);
  const spanY = Math.max(maxY - minY, minimumSpanMiles);
  const pixelsPerMile = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  return {
    points: miles.map((m) => ({ x: width / 2 + (m.x - midX) * pixelsPerMile, y: height / 2 - (m.y - midY) * pixelsPerMile })),
    milesPerPixel: 1 / pixelsPerMile,
  };
}

const BAR_LENGTHS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50];

/** The longest round distance whose bar fits in `maxPixels`. */
export function scaleBar(milesPerPixel: number, maxPixels: number): { miles: number; pixels: number; label: string } {
  const fits = BAR_LENGTHS.filter((miles) => miles / milesPerPixel <= maxPixels);
  const miles = fits.at(-1) ?? BAR_LENGTHS[0]!;
  return { miles, pixels: miles / milesPerPixel, label: miles < 0.1 ? `${Math.round(miles * 5280)} ft` : `${miles} mi` };
}
