/**
 * The import's own stages without a database, on the file the import benchmark
 * generated: reading CSV records, and reading plus validating and normalizing
 * every row (addresses, names, phones, emails, row hash). Prints one JSON object
 * with the rows/s of each; bench/import.bench.ts runs it in its own process and
 * reports them as the ceilings the database-bound import can reach on one core.
 * With a database (a PostgreSQL URL, or `pglite:<folder>`) it also writes the file
 * batch by batch into a tenant of its own, one stage after the other on one thread,
 * and times the COPY into the staging tables apart from the set-based merge, and
 * each merge statement apart, named by the tables it writes.
 *
 *   npx tsx bench/import-stages.ts FILE [DATABASE]
 */
import { applyBatch } from '../src/modules/imports/apply-batch.js';
import { proposeMapping, uniqueHeaders } from '../src/modules/imports/layouts.js';
import { normalizeRow, resolveColumns, type FieldColumns, type NormalizedRow } from '../src/modules/imports/normalize-row.js';
import { readTable } from '../src/modules/imports/read-table.js';
import { GROWING_TABLES } from '../src/modules/imports/run-import.js';
import { Database, type Tx } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';

const [file, database] = process.argv.slice(2);
if (!file) throw new Error('usage: import-stages.ts FILE [DATABASE]');

let started = performance.now();
let rows = 0;
for await (const record of readTable(file, {})) if (record.length > 0) rows++;
const readSeconds = (performance.now() - started) / 1000;

started = performance.now();
let columns: FieldColumns | undefined;
let accepted = 0;
let rowNumber = 0;
for await (const record of readTable(file, {})) {
  if (record.length === 0) continue;
  rowNumber++;
  if (!columns) {
    const headers = uniqueHeaders(record);
    columns = resolveColumns(headers, proposeMapping(headers).mapping).columns;
    continue;
  }
  if (normalizeRow(rowNumber, record, columns).ok) accepted++;
}
const normalizeSeconds = (performance.now() - started) / 1000;

/** A merge statement by what it writes ("insert parcels, update parcels"), the table it reads first, or the function it calls. */
function statementOf(text: string): string {
  const writes = [...text.matchAll(/\b(insert into|(?<!do )update|delete from)\s+(\w+)/gi)].map(
    ([, verb, table]) => `${verb!.split(' ')[0]!.toLowerCase()} ${table}`,
  );
  if (writes.length > 0) return [...new Set(writes)].join(', ');
  const table = /\bfrom\s+(\w+)/i.exec(text)?.[1];
  if (table) return `read ${table}`;
  // A statement that only calls a function (refresh_parcel_search, to_regclass).
  return `call ${/\bselect\s+(\w+)\s*\(/i.exec(text)?.[1] ?? text.trim().split(/\s+/)[0]}`;
}

interface WriteStages {
  copySeconds: number;
  mergeSeconds: number;
  mergeStatements: { statement: string; calls: number; seconds: number }[];
}

/** Seconds spent in COPY and in the other statements of applyBatch, batch by batch as the import writes them. */
async function writeStages(url: string): Promise<WriteStages> {
  const db = await Database.open(url.startsWith('pglite:') ? { dataDir: url.slice('pglite:'.length) } : { databaseUrl: url });
  try {
    await migrate(db);
    const [tenant] = await db.asOwner((tx) =>
      tx.query<{ id: string }>(`insert into tenants (slug, name) values ('stages-' || floor(random() * 1e9)::text, 'Stages') returning id`),
    );
    const [list] = await db.withTenant(tenant!.id, (tx) =>
      tx.query<{ id: string }>(`insert into lists (name) values ('Stages') returning id`),
    );
    const timed = { copySeconds: 0, mergeSeconds: 0 };
    const statements = new Map<string, { calls: number; seconds: number }>();
    const clock = async <T>(key: keyof typeof timed, work: () => Promise<T>, statement?: string): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        const seconds = (performance.now() - started) / 1000;
        timed[key] += seconds;
        if (statement) {
          const sum = statements.get(statement) ?? { calls: 0, seconds: 0 };
          statements.set(statement, { calls: sum.calls + 1, seconds: sum.seconds + seconds });
        }
      }
    };
    // Statistics are refreshed as the import refreshes them, each time the rows written have tripled; counted as merging.
    let written = 0;
    let nextStatistics = 1;
    const write = async (batch: NormalizedRow[]) => {
      await db.withTenant(tenant!.id, (tx) => {
        const measured: Tx = {
          query: (text, params) => clock('mergeSeconds', () => tx.query(text, params), statementOf(text)),
          exec: (text) => clock('mergeSeconds', () => tx.exec(text), statementOf(text)),
          copyFrom: (target, data) => clock('copySeconds', () => tx.copyFrom(target, data)),
        };
        return applyBatch(measured, { importId: null, listId: list!.id, source: 'bench:stages' }, batch);
      });
      written += batch.length;
      if (written >= nextStatistics) {
        nextStatistics = written * 3;
        await clock('mergeSeconds', () => db.refreshStatistics(GROWING_TABLES), 'analyze (statistics)');
      }
    };
    let batch: NormalizedRow[] = [];
    let number = 0;
    let known: FieldColumns | undefined;
    for await (const record of readTable(file!, {})) {
      if (record.length === 0) continue;
      number++;
      if (!known) {
        const headers = uniqueHeaders(record);
        known = resolveColumns(headers, proposeMapping(headers).mapping).columns;
        continue;
      }
      const outcome = normalizeRow(number, record, known);
      if (outcome.ok) batch.push(outcome.row);
      if (batch.length === 2000) {
        await write(batch);
        batch = [];
      }
    }
    await write(batch);
    const mergeStatements = [...statements].map(([statement, sum]) => ({ statement, ...sum })).sort((a, b) => b.seconds - a.seconds);
    return { ...timed, mergeStatements };
  } finally {
    await db.close();
  }
}

const written = database ? await writeStages(database) : undefined;
console.log(
  JSON.stringify({
    rows: rows - 1,
    accepted,
    readRowsPerSecond: Math.round((rows - 1) / readSeconds),
    normalizeRowsPerSecond: Math.round((rows - 1) / normalizeSeconds),
    ...(written
      ? {
          copyRowsPerSecond: Math.round((rows - 1) / written.copySeconds),
          mergeRowsPerSecond: Math.round((rows - 1) / written.mergeSeconds),
          mergeStatements: written.mergeStatements,
        }
      : {}),
  }),
);
