/**
 * Address normalization benchmark: accuracy of normalizeAddress against the
 * hand-labelled usaddress sets in ../shared/data/addresses (scoring rules in
 * bench/address-scoring.ts), and its speed over the same lines. Prints a table
 * and appends a dated section to bench/RESULTS.md.
 *
 *   npx tsx bench/address-accuracy.ts              # npm run bench:address
 *   npx tsx bench/address-accuracy.ts --errors     # also list every mismatch; writes nothing
 *   npx tsx bench/address-accuracy.ts --no-write   # print only
 *   ADDRESS_BENCH_RUNS=200000 npx tsx bench/address-accuracy.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeAddress } from '../src/modules/properties/address/normalize-address.js';
import {
  FIELDS,
  fieldAccuracy,
  meanFieldAccuracy,
  overallFieldAccuracy,
  readLabeledFile,
  scoreAddresses,
  type FileScore,
  type GroupScore,
} from './address-scoring.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.resolve(here, '../../shared/data/addresses');
const RESULTS = path.join(here, 'RESULTS.md');
const FILES = ['usaddress-labeled.xml', 'usaddress-us50_train_tagged.xml', 'usaddress-us50_messiest_manual_label.xml'];
const RUNS = Number(process.env.ADDRESS_BENCH_RUNS ?? 200_000);

const args = new Set(process.argv.slice(2));
const showErrors = args.has('--errors');
const write = !showErrors && !args.has('--no-write');

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const cell = (g: GroupScore, f: (typeof FIELDS)[number]): string =>
  g.fields[f].relevant === 0 ? '–' : `${pct(fieldAccuracy(g.fields[f]))} (${g.fields[f].correct}/${g.fields[f].relevant})`;

const scores: { file: string; score: FileScore }[] = [];
for (const file of FILES) {
  scores.push({ file, score: scoreAddresses(readLabeledFile(path.join(DATA, file))) });
}

// --- speed: normalize the labelled lines round-robin, three rounds, median --------
const lines = scores.flatMap((s) => s.score.inputs);
const loadBefore = os.loadavg()[0] ?? 0;
for (let i = 0; i < 20_000; i++) normalizeAddress(lines[i % lines.length] as string);
let sink = 0;
const rounds: number[] = [];
for (let r = 0; r < 3; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < RUNS; i++) sink += normalizeAddress(lines[i % lines.length] as string).key?.length ?? 0;
  rounds.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
rounds.sort((a, b) => a - b);
const seconds = rounds[1] as number;
const perSecond = RUNS / seconds;
if (sink < 0) console.log(sink);
const speedLine = `${Math.round(perSecond).toLocaleString('en-US')} addresses/s (${((1e6 * seconds) / RUNS).toFixed(2)} µs per address; rounds ${rounds.map((t) => Math.round(RUNS / t).toLocaleString('en-US')).join(' / ')} addresses/s)`;

// --- report ----------------------------------------------------------------------
const header = `| field | ${scores.map((s) => s.file.replace('usaddress-', '').replace('.xml', '')).join(' | ')} |`;
const rule = `|---|${scores.map(() => '--:').join('|')}|`;
const rows: string[] = [header, rule];
for (const f of FIELDS) rows.push(`| ${f} | ${scores.map((s) => cell(s.score.clean, f)).join(' | ')} |`);
rows.push(`| **mean of fields** | ${scores.map((s) => `**${pct(meanFieldAccuracy(s.score.clean))}**`).join(' | ')} |`);
rows.push(`| all field values (micro) | ${scores.map((s) => pct(overallFieldAccuracy(s.score.clean))).join(' | ')} |`);
rows.push(
  `| **whole address exact** | ${scores.map((s) => `**${pct(s.score.clean.exact / Math.max(1, s.score.clean.addresses))} (${s.score.clean.exact}/${s.score.clean.addresses})**`).join(' | ')} |`,
);
rows.push(
  `| with extras: whole exact | ${scores.map((s) => (s.score.withExtras.addresses === 0 ? '–' : `${pct(s.score.withExtras.exact / s.score.withExtras.addresses)} (${s.score.withExtras.exact}/${s.score.withExtras.addresses})`)).join(' | ')} |`,
);
rows.push(
  `| with extras: mean of fields | ${scores.map((s) => (s.score.withExtras.addresses === 0 ? '–' : pct(meanFieldAccuracy(s.score.withExtras)))).join(' | ')} |`,
);
const table = rows.join('\n');

const skipLines = scores
  .map(({ file, score }) => {
    const skipped = Object.entries(score.skipped).filter(([, n]) => n > 0);
    const rewrites = Object.entries(score.rewrites).filter(([, n]) => n > 0);
    return `- ${file}: ${score.total} addresses; ${score.clean.addresses} scored, ${score.withExtras.addresses} scored separately (with recipient/building/landmark), skipped ${skipped.length === 0 ? 'none' : skipped.map(([r, n]) => `${n} ${r}`).join(', ')}; labels rewritten by position: ${rewrites.length === 0 ? 'none' : rewrites.map(([r, n]) => `${r} ${n}`).join(', ')}`;
  })
  .join('\n');

const mismatchLines = scores
  .filter(({ score }) => score.mismatches.length > 0)
  .map(({ file, score }) => {
    const byField = new Map<string, number>();
    for (const m of score.mismatches) byField.set(m.field, (byField.get(m.field) ?? 0) + 1);
    const sorted = [...byField].sort((a, b) => b[1] - a[1]);
    return `- ${file}: ${score.mismatches.length} mismatched field values in ${new Set(score.mismatches.map((m) => m.input)).size} addresses (${sorted.map(([f, n]) => `${f} ${n}`).join(', ')}); list them with \`--errors\``;
  })
  .join('\n');

console.log(table);
console.log();
console.log(skipLines);
console.log(mismatchLines);
console.log();
console.log(
  `speed: ${speedLine}, median of 3 rounds of ${RUNS.toLocaleString('en-US')} normalizations of the ${lines.length} labelled lines; 1-minute load average before: ${loadBefore.toFixed(2)}`,
);

if (showErrors) {
  for (const { file, score } of scores) {
    console.log(`\n## ${file}: ${score.mismatches.length} mismatched fields`);
    const byInput = new Map<string, string[]>();
    for (const m of score.mismatches) {
      const list = byInput.get(m.input) ?? [];
      list.push(`${m.field}: ${JSON.stringify(m.expected)} ≠ ${JSON.stringify(m.actual)}`);
      byInput.set(m.input, list);
    }
    for (const [input, list] of byInput) console.log(`${JSON.stringify(input)}\n    ${list.join('\n    ')}`);
  }
}

if (write) {
  const cpus = os.cpus();
  const now = new Date();
  const stamp = `${now.toISOString().slice(0, 10)} ${now.toISOString().slice(11, 16)} UTC`;
  const section = `
## ${stamp} — address normalization accuracy and speed

- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}
- Command: \`npx tsx bench/address-accuracy.ts\` (\`npm run bench:address\`)
- Data: hand-labelled addresses of the usaddress project (../shared/data/addresses); each label is standardized with the same USPS Publication 28 tables as the parser, mapping and rewrite rules R1–R5 in bench/address-scoring.ts. A field's accuracy counts the addresses where the label or the output has a value for it (both empty is not counted); "whole address exact" needs every field equal, including fields the output has and the label lacks.
${skipLines}
${mismatchLines}
- Speed: ${speedLine}. Median of 3 rounds of ${RUNS.toLocaleString('en-US')} calls of normalizeAddress over the ${lines.length} labelled lines round-robin, one thread, after 20,000 warm-up calls, run through tsx. 1-minute load average before the run: ${loadBefore.toFixed(2)} on ${cpus.length} cores (other work on the machine lowers the figure).

${table}
`;
  fs.appendFileSync(RESULTS, section);
  console.log(`\nappended to ${path.relative(process.cwd(), RESULTS)}`);
}
