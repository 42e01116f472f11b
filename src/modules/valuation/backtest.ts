import { AppError } from '../../platform/http/errors.js';
import { parseDate } from '../imports/normalize-row.js';
import { readTable } from '../imports/read-table.js';
import { estimateValue, trainValuer, withKnownSales } from './estimate.js';
import type { Sale } from './hedonic-model.js';

export interface BacktestOptions {
  /** Sales before this date teach the model; later ones are valued. Default: the date splitting the sales 70/30. */
  cutoff?: string;
  /**
   * What the valuation of a later sale may know besides the model learnt before the cut-off:
   * 'cutoff' (default) — only sales before the cut-off, for comps and the market's level;
   * 'rolling' — also the sales closed after the cut-off but before the day of the sale
   * being valued, as the running product knows them once imported.
   */
  knownSales?: 'cutoff' | 'rolling';
  seeds?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BacktestResult {
  n: number;
  mdape: number;
  within5: number;
  within10: number;
  within20: number;
  coverage: number;
  seconds: number;
  cutoff: string;
  trainingSales: number;
  laterSales: number;
  knownSales: 'cutoff' | 'rolling';
  /** Rows left out, with the reason. */
  skipped: Record<string, number>;
}

const CORE_COLUMNS = new Set(['id', 'date', 'price', 'sqft', 'lat', 'lon', 'zip', 'beds', 'baths', 'year_built', 'lot_sqft']);

/** Reads a sales CSV: id, date, price, sqft required; lat, lon, zip, beds, baths, year_built, lot_sqft and any further columns used when present. */
export async function readSales(filePath: string): Promise<{ sales: Sale[]; skipped: Record<string, number> }> {
  let headers: string[] | undefined;
  const sales: Sale[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  for await (const record of readTable(filePath)) {
    if (record.length === 0 || record.every((cell) => cell.trim() === '')) continue;
    if (!headers) {
      headers = record.map((h) => h.trim().toLowerCase());
      const missing = ['id', 'date', 'price', 'sqft'].filter((column) => !headers!.includes(column));
      if (missing.length > 0) throw new AppError('validation', `The sales file lacks the required column(s): ${missing.join(', ')}`);
      continue;
    }
    const cell = (column: string) => record[headers!.indexOf(column)]?.trim() ?? '';
    const number = (column: string) => {
      const raw = cell(column);
      const value = raw === '' ? Number.NaN : Number(raw);
      return Number.isFinite(value) ? value : undefined;
    };
    const date = parseDate(cell('date'));
    const price = number('price');
    const sqft = number('sqft');
    if (!cell('id')) skip('missing id');
    else if (!date) skip('date is not a date');
    else if (price === undefined || price <= 0) skip('price is not a positive number');
    else if (sqft === undefined || sqft <= 0) skip('sqft is not a positive number');
    else {
      const extra: Record<string, number | string> = {};
      headers.forEach((header, i) => {
        if (CORE_COLUMNS.has(header) || header === '') return;
        const raw = record[i]?.trim() ?? '';
        if (raw === '') return;
        const value = Number(raw);
        extra[header] = Number.isFinite(value) ? value : raw;
      });
      sales.push({
        id: cell('id'),
        date,
        price,
        sqft,
        lat: number('lat'),
        lon: number('lon'),
        zip: cell('zip') || undefined,
        beds: number('beds'),
        baths: number('baths'),
        yearBuilt: number('year_built'),
        lotSqft: number('lot_sqft'),
        extra,
      });
    }
  }
  if (!headers) throw new AppError('validation', 'The sales file is empty');
  return { sales, skipped };
}

/** The date that splits sales 70/30: sales before it are the earlier 70 %. */
export function defaultCutoff(sales: Sale[]): string {
  const dates = sales.map((s) => s.date).sort();
  return dates[Math.floor(dates.length * 0.7)]!;
}

/**
 * Values every sale on or after the cut-off as if it had not sold, with a model that
 * learnt only from the sales before the cut-off, and measures how far off it was.
 */
export async function runBacktest(filePath: string, options: BacktestOptions = {}): Promise<BacktestResult> {
  const started = performance.now();
  const { sales, skipped } = await readSales(filePath);
  if (sales.length < 40) throw new AppError('validation', `The sales file has ${sales.length} usable sales; a backtest needs at least 40`);
  const cutoff = options.cutoff ?? defaultCutoff(sales);
  if (options.cutoff !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.cutoff))
    throw new AppError('validation', 'The cut-off must be a date: YYYY-MM-DD');
  const before = sales.filter((s) => s.date < cutoff);
  const later = sales.filter((s) => s.date >= cutoff);
  if (before.length < 30)
    throw new AppError('validation', `Only ${before.length} sales before the cut-off ${cutoff}; at least 30 are needed to learn from`);
  if (later.length === 0) throw new AppError('validation', `No sales on or after the cut-off ${cutoff} to value`);

  const knownSales = options.knownSales ?? 'cutoff';
  const learnt = trainValuer(before, { seeds: options.seeds });
  const valuer = knownSales === 'rolling' ? withKnownSales(learnt, sales) : learnt;

  const errors: number[] = [];
  later.forEach((sale, i) => {
    const { value } = estimateValue(valuer, sale, sale.date);
    if (Number.isFinite(value) && value > 0) errors.push(Math.abs(value - sale.price) / sale.price);
    if (i % 100 === 0) options.onProgress?.(i, later.length);
  });
  options.onProgress?.(later.length, later.length);
  errors.sort((a, b) => a - b);
  const within = (limit: number) => round(errors.filter((e) => e <= limit).length / Math.max(1, errors.length));
  const middle = errors.length >> 1;
  const mdape = errors.length === 0 ? Number.NaN : errors.length % 2 ? errors[middle]! : (errors[middle - 1]! + errors[middle]!) / 2;
  return {
    n: errors.length,
    mdape: round(mdape),
    within5: within(0.05),
    within10: within(0.1),
    within20: within(0.2),
    coverage: round(errors.length / later.length),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    cutoff,
    trainingSales: before.length,
    laterSales: later.length,
    knownSales,
    skipped,
  };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
