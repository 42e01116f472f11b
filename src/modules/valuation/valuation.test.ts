import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../platform/random/mulberry32.js';
import { defaultCutoff, readSales, runBacktest } from './backtest.js';
import { findComps, milesBetween } from './comps.js';
import { estimateValue, trainValuer } from './estimate.js';
import type { Sale } from './hedonic-model.js';
import { MarketIndex } from './market-index.js';

/**
 * A small synthetic market: price per sq ft rises to the east and with grade, the
 * market climbs 1 % a month, and sales carry ±4 % noise; two sales are typos.
 */
function syntheticSales(count: number, seed = 1): Sale[] {
  const random = mulberry32(seed);
  const start = Date.UTC(2022, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const lat = 41.8 + random() * 0.05;
    const lon = -87.7 + random() * 0.05;
    const sqft = Math.round(900 + random() * 2100);
    const grade = 5 + Math.floor(random() * 6);
    const day = Math.floor((i / count) * 720);
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    const perSqft = (150 + ((lon + 87.7) / 0.05) * 120) * (1 + (grade - 7) * 0.06) * 1.01 ** (day / 30.44);
    const price = Math.round(perSqft * sqft * (0.96 + random() * 0.08));
    return {
      id: String(i),
      date,
      price,
      sqft,
      lat,
      lon,
      zip: lon > -87.675 ? '60601' : '60602',
      beds: 2 + Math.floor(sqft / 700),
      baths: 1 + Math.floor(sqft / 1000),
      yearBuilt: 1950 + Math.floor(random() * 70),
      lotSqft: 5000,
      extra: { grade, condition: random() < 0.5 ? 'good' : 'fair' },
    };
  });
}

function writeCsv(file: string, sales: Sale[]): void {
  const lines = ['id,date,price,sqft,lat,lon,zip,beds,baths,year_built,lot_sqft,grade,condition'];
  for (const s of sales)
    lines.push(
      [
        s.id,
        s.date,
        s.price,
        s.sqft,
        s.lat,
        s.lon,
        s.zip,
        s.beds,
        s.baths,
        s.yearBuilt,
        s.lotSqft,
        s.extra!.grade,
        s.extra!.condition,
      ].join(','),
    );
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-valuation-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('comparable sales', () => {
  const sales = syntheticSales(400);
  const subject = { sqft: 1500, lat: 41.825, lon: -87.675, zip: '60601' };

  it('takes only sales closed before the valuation day, near, recent and of similar size, with weights adding to 1', () => {
    const comps = findComps(subject, '2023-01-01', sales, { maxComps: 8, maxMiles: 1, sqftTolerance: 0.3, maxMonths: 12 });
    expect(comps.length).toBe(8);
    for (const comp of comps) {
      expect(comp.sale.date < '2023-01-01').toBe(true);
      expect(comp.months).toBeLessThanOrEqual(12);
      expect(comp.miles!).toBeLessThanOrEqual(1);
      expect(Math.abs(comp.sale.sqft / 1500 - 1)).toBeLessThanOrEqual(0.3);
      expect(comp.miles).toBeCloseTo(milesBetween(subject, comp.sale as { lat: number; lon: number }), 10);
    }
    expect(comps.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 10);
    // Nearest first.
    expect(comps.map((c) => c.miles)).toEqual([...comps.map((c) => c.miles)].sort((a, b) => a! - b!));
  });

  it('falls back to the ZIP code when the subject has no coordinates', () => {
    const comps = findComps({ sqft: 1500, zip: '60602' }, '2023-06-01', sales);
    expect(comps.length).toBeGreaterThan(0);
    for (const comp of comps) {
      expect(comp.sale.zip).toBe('60602');
      expect(comp.miles).toBeNull();
    }
  });
});

describe('market index', () => {
  it('is the median residual of the latest sales before the day, and 0 before any sale', () => {
    const index = new MarketIndex(
      [
        { date: '2024-01-01', residual: 0.5 },
        { date: '2024-03-01', residual: 0.1 },
        { date: '2024-03-10', residual: 0.2 },
        { date: '2024-03-20', residual: 0.3 },
      ],
      21,
      2,
    );
    expect(index.levelBefore('2023-12-31')).toBe(0);
    expect(index.levelBefore('2024-03-21')).toBeCloseTo(0.2);
    // A sale on the day itself is not known yet.
    expect(index.levelBefore('2024-03-20')).toBeCloseTo(0.15);
  });
});

describe('valuation', () => {
  it('values a home near its true price with a range and grade, comps adjusted to it', () => {
    const sales = syntheticSales(600);
    const valuer = trainValuer(
      sales.filter((s) => s.date < '2023-06-01'),
      { seeds: 1 },
    );
    const subject = sales.find((s) => s.date >= '2023-06-01' && s.sqft > 1200 && s.sqft < 2500)!;
    const estimate = estimateValue(valuer, subject, subject.date);
    expect(Math.abs(estimate.value / subject.price - 1)).toBeLessThan(0.15);
    expect(estimate.low).toBeLessThan(estimate.value);
    expect(estimate.high).toBeGreaterThan(estimate.value);
    expect(['A', 'B', 'C', 'D']).toContain(estimate.grade);
    expect(estimate.comps.length).toBeGreaterThan(0);
    for (const comp of estimate.comps) expect(comp.sale.date < subject.date).toBe(true);
  });

  it('backtests a sales file: learns before the cut-off, values the later sales, reports the errors', async () => {
    const file = path.join(dir, 'sales.csv');
    const sales = syntheticSales(700);
    writeCsv(file, sales);
    const result = await runBacktest(file, { seeds: 1 });
    expect(result.cutoff).toBe(defaultCutoff(sales));
    expect(result.trainingSales + result.laterSales).toBe(700);
    expect(result.laterSales).toBeCloseTo(210, -1);
    expect(result.coverage).toBe(1);
    expect(result.n).toBe(result.laterSales);
    expect(result.mdape).toBeLessThan(0.08);
    expect(result.within5).toBeLessThanOrEqual(result.within10);
    expect(result.within10).toBeLessThanOrEqual(result.within20);
  });

  it('uses nothing after the cut-off unless told to: later prices ten times higher are missed by 90 %', async () => {
    const file = path.join(dir, 'jump.csv');
    const sales = syntheticSales(500);
    const cutoff = '2023-06-01';
    writeCsv(
      file,
      sales.map((s) => (s.date >= cutoff ? { ...s, price: s.price * 10 } : s)),
    );
    const frozen = await runBacktest(file, { cutoff, seeds: 1 });
    expect(frozen.mdape).toBeGreaterThan(0.85);
    // Knowing the sales closed since the cut-off, the market index follows the jump.
    const rolling = await runBacktest(file, { cutoff, seeds: 1, knownSales: 'rolling' });
    expect(rolling.mdape).toBeLessThan(0.2);
  });

  it('refuses a sales file without the required columns and skips unusable rows with the reason', async () => {
    const missing = path.join(dir, 'missing.csv');
    fs.writeFileSync(missing, 'id,date,price\n1,2024-01-01,100000\n');
    await expect(readSales(missing)).rejects.toThrow(/required column\(s\): sqft/);
    const messy = path.join(dir, 'messy.csv');
    fs.writeFileSync(
      messy,
      'id,date,price,sqft\n1,2024-01-01,100000,1000\n2,not a date,1,1\n3,2024-01-02,-5,1000\n4,2024-01-03,100000,0\n',
    );
    const { sales, skipped } = await readSales(messy);
    expect(sales).toHaveLength(1);
    expect(skipped).toEqual({ 'date is not a date': 1, 'price is not a positive number': 1, 'sqft is not a positive number': 1 });
  });
});
