/**
 * Valuation accuracy benchmark: `reos valuation backtest` on the shared King County
 * sales with the default cut-off, in both modes (what a later sale's valuation may
 * know: the sales before the cut-off only, or also those closed since, before the
 * sale), against a plain nearest-comps median of price per sq ft computed in the
 * same run as the reference. Two ceilings, also measured in the run, show how much
 * of the remaining error is the model's own: its out-of-fold error on the sales
 * before the cut-off (no change of market in between), and its error on the later
 * sales when each month's true market level is handed to it (knowledge no
 * valuation has on the day). Prints a table and appends a dated section to
 * bench/RESULTS.md.
 *
 *   npm run bench:valuation
 *   BENCH_SALES=path/to/sales.csv npm run bench:valuation
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCutoff, readSales, runBacktest, type BacktestResult } from '../src/modules/valuation/backtest.js';
import { findComps } from '../src/modules/valuation/comps.js';
import { saleKey, trainValuer } from '../src/modules/valuation/estimate.js';
import { logPricePerSqft, predictLogPricePerSqft } from '../src/modules/valuation/hedonic-model.js';
import { median } from '../src/modules/valuation/market-index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = process.env.BENCH_SALES ?? path.join(ROOT, '../shared/data/sales/king-county-sales.csv');

/** The reference: the median price per sq ft of the 10 nearest earlier sales within ±25 % of the living area, times the living area. */
async function plainComps(file: string): Promise<Accuracy> {
  const { sales } = await readSales(file);
  const cutoff = defaultCutoff(sales);
  const before = sales.filter((s) => s.date < cutoff);
  const errors = sales
    .filter((s) => s.date >= cutoff)
    .flatMap((sale) => {
      const comps = findComps(sale, sale.date, before, { maxComps: 10, maxMiles: 100, sqftTolerance: 0.25, maxMonths: 1200 });
      if (comps.length === 0) return [];
      const value = median(comps.map((c) => c.sale.price / c.sale.sqft)) * sale.sqft;
      return [Math.abs(value - sale.price) / sale.price];
    })
    .sort((a, b) => a - b);
  const within = (limit: number) => errors.filter((e) => e <= limit).length / errors.length;
  return { n: errors.length, mdape: median(errors), within5: within(0.05), within10: within(0.1), within20: within(0.2) };
}

type Accuracy = Pick<BacktestResult, 'mdape' | 'within5' | 'within10' | 'within20' | 'n'>;

function accuracy(logErrors: number[]): Accuracy {
  const errors = logErrors.map((e) => Math.abs(Math.exp(e) - 1)).sort((a, b) => a - b);
  const within = (limit: number) => errors.filter((e) => e <= limit).length / errors.length;
  return { n: errors.length, mdape: median(errors), within5: within(0.05), within10: within(0.1), within20: within(0.2) };
}

/**
 * The model's own error, without the market's move after the cut-off: out of fold on
 * the sales it learnt from, and on the later sales at each month's true level (the
 * median of that month's misses, read from the prices being valued).
 */
async function modelCeilings(file: string): Promise<{ outOfFold: Accuracy; knownLevel: Accuracy }> {
  const { sales } = await readSales(file);
  const cutoff = defaultCutoff(sales);
  const valuer = trainValuer(sales.filter((s) => s.date < cutoff));
  const outOfFold = accuracy(valuer.sales.map((sale) => valuer.outOfFold.get(saleKey(sale))! - logPricePerSqft(sale)));
  const later = sales.filter((s) => s.date >= cutoff);
  const predicted = predictLogPricePerSqft(valuer.models, later);
  const misses = later.map((sale, i) => logPricePerSqft(sale) - predicted[i]!);
  const byMonth = new Map<string, number[]>();
  later.forEach((sale, i) => byMonth.set(sale.date.slice(0, 7), [...(byMonth.get(sale.date.slice(0, 7)) ?? []), misses[i]!]));
  const level = new Map([...byMonth].map(([month, monthMisses]) => [month, median(monthMisses)]));
  return { outOfFold, knownLevel: accuracy(later.map((sale, i) => level.get(sale.date.slice(0, 7))! - misses[i]!)) };
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  console.log('[1/4] reference: plain nearest-comps median price per sq ft');
  const reference = await plainComps(FILE);
  console.log('[2/4] backtest, knowing the sales before the cut-off only');
  const frozen = await runBacktest(FILE, { knownSales: 'cutoff' });
  console.log('[3/4] backtest, knowing also the sales closed since the cut-off, before each sale');
  const rolling = await runBacktest(FILE, { knownSales: 'rolling' });
  console.log("[4/4] ceilings: the model's out-of-fold error, and its error at each month's true market level");
  const ceilings = await modelCeilings(FILE);

  const row = (name: string, r: Accuracy, seconds: string) =>
    `| ${name} | ${r.n.toLocaleString('en-US')} | ${percent(r.mdape)} | ${percent(r.within5)} | ${percent(r.within10)} | ${percent(r.within20)} | ${(r.mdape / reference.mdape).toFixed(2)} | ${seconds} |`;
  const table = [
    '| method | sales valued | MdAPE | within 5 % | within 10 % | within 20 % | MdAPE vs reference | seconds |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    row('reference: nearest-comps median $/sq ft', reference, '—'),
    row('`--known-sales cutoff` (default)', frozen, String(frozen.seconds)),
    row('`--known-sales rolling`', rolling, String(rolling.seconds)),
    row('ceiling: model out of fold, sales before the cut-off', ceilings.outOfFold, '—'),
    row("ceiling: model at each later month's true market level", ceilings.knownLevel, '—'),
  ].join('\n');
  console.log('\n' + table);

  const section = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — valuation backtest`,
    '',
    `- Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}`,
    `- Command: \`npm run bench:valuation\` (the same as \`reos valuation backtest ${path.relative(ROOT, FILE)} --json\` and with \`--known-sales rolling\`)`,
    `- Data: ${path.basename(FILE)}; default cut-off ${frozen.cutoff}: ${frozen.trainingSales.toLocaleString('en-US')} sales to learn from, ${frozen.laterSales.toLocaleString('en-US')} later sales valued; coverage ${percent(frozen.coverage)} and ${percent(rolling.coverage)}.`,
    '',
    table,
  ].join('\n');
  fs.appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), section + '\n');
  console.log('\nAppended to bench/RESULTS.md');
}

await main();
