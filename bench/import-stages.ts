/**
 * The import's own stages without a database, on the file the import benchmark
 * generated: reading CSV records, and reading plus validating and normalizing
 * every row (addresses, names, phones, emails, row hash). Prints one JSON object
 * with the rows/s of each; bench/import.bench.ts runs it in its own process and
 * reports them as the ceilings the database-bound import can reach on one core.
 *
 *   npx tsx bench/import-stages.ts FILE
 */
import { proposeMapping, uniqueHeaders } from '../src/modules/imports/layouts.js';
import { normalizeRow, resolveColumns, type FieldColumns } from '../src/modules/imports/normalize-row.js';
import { readTable } from '../src/modules/imports/read-table.js';

const file = process.argv[2];
if (!file) throw new Error('usage: import-stages.ts FILE');

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

console.log(
  JSON.stringify({
    rows: rows - 1,
    accepted,
    readRowsPerSecond: Math.round((rows - 1) / readSeconds),
    normalizeRowsPerSecond: Math.round((rows - 1) / normalizeSeconds),
  }),
);
