/**
 * The market's level over time, read from how far closed sales landed above or
 * below the hedonic model (log residuals). The model carries no date, so its
 * prediction is the training period's average level; the index says how much
 * higher or lower the market stood just before a given day.
 */
export class MarketIndex {
  private readonly days: Float64Array;
  private readonly residuals: Float64Array;

  /**
   * @param windowDays  the level is the median residual of the sales closed in this many days before the latest one known
   * @param minSales    fewer sales than this in the window: take the latest `minSales` sales instead
   */
  constructor(
    observations: { date: string; residual: number }[],
    private readonly windowDays = 21,
    private readonly minSales = 30,
  ) {
    const sorted = [...observations].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.days = Float64Array.from(sorted, (o) => dayNumber(o.date));
    this.residuals = Float64Array.from(sorted, (o) => o.residual);
  }

  /**
   * Log-level of the market for a valuation on `date`, from the sales that closed
   * before that day (0 when none): the level of the latest ones, carried forward
   * along the recent trend for the days since the latest known sale.
   */
  levelBefore(date: string): number {
    const day = dayNumber(date);
    // Sales before `day`: indices [0, end).
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.days[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const { level, latest, slope } = this.stateAt(lo);
    return level + slope * Math.min(day - latest, MAX_EXTRAPOLATION_DAYS);
  }

  private readonly states = new Map<number, { level: number; latest: number; slope: number }>();

  /** Level, latest sale day and trend per day, from the first `end` sales. */
  private stateAt(end: number): { level: number; latest: number; slope: number } {
    let state = this.states.get(end);
    if (state) return state;
    const latest = this.days[end - 1]!;
    let start = end;
    while (start > 0 && this.days[start - 1]! > latest - this.windowDays) start--;
    start = Math.min(start, Math.max(0, end - this.minSales));
    state = { level: median(Array.from(this.residuals.subarray(start, end))), latest, slope: this.trend(end, latest) };
    this.states.set(end, state);
    return state;
  }

  /**
   * Log change per day over the last TREND_DAYS: a least-squares line through the
   * median residual of each 30-day stretch (medians shrug off odd sales). 0 with
   * fewer than three stretches of enough sales.
   */
  private trend(end: number, latest: number): number {
    const buckets: number[][] = [];
    for (let i = end - 1; i >= 0 && this.days[i]! > latest - TREND_DAYS; i--) {
      const bucket = Math.floor((latest - this.days[i]!) / 30);
      (buckets[bucket] ??= []).push(this.residuals[i]!);
    }
    const points = buckets.flatMap((values, bucket) =>
      values && values.length >= 10 ? [{ x: -bucket * 30 - 15, y: median(values) }] : [],
    );
    if (points.length < 3) return 0;
    const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
    const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
    const covariance = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
    const variance = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
    return covariance / variance;
  }
}

/** The trend is read from this many days of sales… */
const TREND_DAYS = 180;
/** …and carried forward at most this far. */
const MAX_EXTRAPOLATION_DAYS = 365;

/** Sale dates repeat a great deal: parsed once each. */
const days = new Map<string, number>();

export function dayNumber(date: string): number {
  let day = days.get(date);
  if (day === undefined) {
    day = Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);
    if (days.size > 100_000) days.clear();
    days.set(date, day);
  }
  return day;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
