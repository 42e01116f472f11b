/**
 * Messy-list acceptance: generates a 200,000-row list in a layout no other
 * generator uses (bench/generate-messy-list.ts: odd headers in another order,
 * extra columns, many spellings of each house, about 4 % junk phones or emails,
 * a few rows without address and APN, a few with an impossible location), imports
 * it with `reos import --json` into a fresh embedded data folder with the proposed
 * mapping, then imports it again, and checks against what the generator knows:
 *
 * - only the planted bad rows are rejected (the same line numbers), so every row
 *   with an address or an APN became a property or merged into one;
 * - the rows with a junk value were imported with a warning, and no others;
 * - the property count is within 1 % of the true parcel count (spellings merged);
 * - the second import changes nothing.
 *
 * Prints a table, appends a dated section to bench/RESULTS.md, and exits non-zero
 * when a check fails.
 *
 *   npm run bench:messy
 *   BENCH_ROWS=20000 npm run bench:messy      # a smaller list
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from '../src/platform/db/database.js';
import { generateMessyList } from './generate-messy-list.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);

interface ImportResult {
  importId: string;
  rows: number;
  inserted: number;
  merged: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  review: number;
}

/** Runs `reos` in its own process against the data folder; its stdout is the result. */
async function reos(args: string[], env: Record<string, string>): Promise<{ stdout: string; seconds: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['bin/reos.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, REOS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    const line = String(chunk).trim().split('\n').at(-1);
    if (line) process.stdout.write(`\r  ${line.slice(0, 110).padEnd(110)}`);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  process.stdout.write('\n');
  if (code !== 0) throw new Error(`reos ${args[0]} failed (${code}): ${stderr.slice(-2000)}`);
  return { stdout, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/server/app/main.js'))) throw new Error('build first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-bench-messy-'));
  const file = path.join(dir, 'messy-county-export.csv');
  const env = { REOS_DATA_DIR: path.join(dir, 'data'), REOS_DEMO: 'false' };
  try {
    console.log(`generating ${ROWS.toLocaleString('en-US')} messy rows…`);
    const truth = await generateMessyList(file, ROWS);
    const megabytes = Math.round(fs.statSync(file).size / 1024 / 1024);
    await reos(
      [
        'tenant',
        'create',
        '--name',
        'Bench',
        '--slug',
        'bench',
        '--admin-email',
        'bench@example.test',
        '--admin-password',
        'bench-password',
      ],
      env,
    );
    const importOnce = async (label: string) => {
      console.log(label);
      const run = await reos(['import', file, '--tenant', 'bench', '--list', 'Messy county export', '--json'], env);
      return { result: JSON.parse(run.stdout) as ImportResult, seconds: run.seconds };
    };
    const first = await importOnce('[1/2] reos import (proposed mapping, embedded PGlite)');
    const again = await importOnce('[2/2] the same file again');

    const db = await Database.open({ dataDir: path.join(env.REOS_DATA_DIR, 'pg') });
    const counts = await db
      .asOwner((tx) => tx.query<{ id: string }>(`select id from tenants where slug = 'bench'`))
      .then(([tenant]) =>
        db.withTenant(tenant!.id, (tx) =>
          tx.query<{ properties: number; rejected_lines: number[] }>(
            `select (select count(*)::int from parcels) as properties,
                    coalesce((select array_agg(row_number order by row_number) from import_rejects where import_id = $1), '{}') as rejected_lines`,
            [first.result.importId],
          ),
        ),
      )
      .finally(() => db.close());
    const { properties, rejected_lines: rejectedLines } = counts[0]!;

    const importedRows = truth.rows - truth.rejectedLines.length;
    const spellingError = (properties - truth.parcels) / truth.parcels;
    const checks: [string, boolean, string][] = [
      [
        'only the planted rows rejected (same lines)',
        JSON.stringify(rejectedLines) === JSON.stringify(truth.rejectedLines),
        `${first.result.rejected.toLocaleString('en-US')} rejected, ${truth.rejectedLines.length.toLocaleString('en-US')} planted`,
      ],
      [
        'every row with an address or APN imported',
        // A row repeating an earlier row of the file word for word counts as unchanged.
        first.result.inserted + first.result.merged + first.result.unchanged === importedRows,
        `${(first.result.inserted + first.result.merged + first.result.unchanged).toLocaleString('en-US')} of ${importedRows.toLocaleString('en-US')}`,
      ],
      [
        'rows with a junk value imported with a warning',
        first.result.warnings === truth.warnedRows,
        `${first.result.warnings.toLocaleString('en-US')} warned, ${truth.warnedRows.toLocaleString('en-US')} planted (${truth.junkContactRows.toLocaleString('en-US')} junk phone or email, ${((100 * truth.junkContactRows) / truth.rows).toFixed(1)} % of rows)`,
      ],
      [
        'properties within 1 % of the true parcel count',
        Math.abs(spellingError) <= 0.01,
        `${properties.toLocaleString('en-US')} properties, ${truth.parcels.toLocaleString('en-US')} parcels (${(100 * spellingError).toFixed(2)} %)`,
      ],
      [
        'the same file again changes nothing',
        again.result.unchanged === importedRows && again.result.inserted === 0 && again.result.merged === 0,
        `${again.result.unchanged.toLocaleString('en-US')} unchanged, ${again.result.inserted} new, ${again.result.merged} merged`,
      ],
    ];

    const row = (name: string, run: typeof first) =>
      `| ${name} | ${run.result.rows.toLocaleString('en-US')} | ${run.seconds.toFixed(1)} | ${Math.round(run.result.rows / run.seconds).toLocaleString('en-US')} | ${[run.result.inserted, run.result.merged, run.result.unchanged, run.result.rejected, run.result.warnings, run.result.review].map((n) => n.toLocaleString('en-US')).join(' / ')} |`;
    const table = [
      '| run | rows | seconds | rows/s | inserted / merged / unchanged / rejected / warnings / review |',
      '|---|--:|--:|--:|---|',
      row('first import', first),
      row('same file again', again),
      '',
      '| check | result | figures |',
      '|---|---|---|',
      ...checks.map(([name, ok, figures]) => `| ${name} | ${ok ? 'pass' : '**FAIL**'} | ${figures} |`),
    ].join('\n');
    console.log('\n' + table);

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const section = [
      '',
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — messy list acceptance`,
      '',
      `- Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}`,
      '- Command: `npm run bench:messy`' + (process.env.BENCH_ROWS ? ` with BENCH_ROWS=${ROWS}` : ''),
      `- File: ${ROWS.toLocaleString('en-US')} rows, ${megabytes} MB, ${truth.parcels.toLocaleString('en-US')} true parcels, 26 columns in a layout of its own (bench/generate-messy-list.ts, seeded): odd headers in another order, 4 columns nobody maps, each house spelled many ways, ${truth.junkContactRows.toLocaleString('en-US')} rows with a junk phone or email, ${truth.rejectedLines.length.toLocaleString('en-US')} planted rows without address and APN or with an impossible location.`,
      '- Each import is `reos import … --json` with the proposed mapping, in its own process, into a fresh embedded (PGlite) data folder; the checks read the data folder afterwards.',
      '',
      table,
      '',
    ].join('\n');
    fs.appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), section + '\n');
    console.log('\nAppended to bench/RESULTS.md');
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
