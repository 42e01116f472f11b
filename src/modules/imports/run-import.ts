import { setImmediate } from 'node:timers/promises';
import type { Database } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError } from '../../platform/http/errors.js';
import { PARCELS_CHANGED } from '../enrichment/enrichment-events.js';
import { applyBatch } from './apply-batch.js';
import type { ColumnMapping } from './fields.js';
import { uniqueHeaders } from './layouts.js';
import type { NormalizedBatch, PendingRow } from './normalize-batch.js';
import { openNormalizer } from './normalize-pool.js';
import { rawDigest, resolveColumns } from './normalize-row.js';
import { readTable } from './read-table.js';

const BATCH_ROWS = 2000;
/**
 * The tables an import grows, whose statistics are refreshed as they grow: after the first rows written and each
 * time the rows written have tripled. A re-import that writes nothing new leaves them be.
 */
export const GROWING_TABLES = [
  'parcels',
  'owners',
  'parcel_owners',
  'owner_phones',
  'owner_emails',
  'list_memberships',
  'list_rows',
  'parcel_field_values',
] as const;

export interface ImportProgress {
  rowsDone: number;
  rowsTotal: number;
  inserted: number;
  merged: number;
  unchanged: number;
  rejected: number;
  /** Rows imported with at least one value left out. */
  warnings: number;
  review: number;
}

interface ImportRow {
  id: string;
  list_id: string;
  file_path: string;
  sheet: string | null;
  mapping: ColumnMapping | null;
  status: string;
  rows_total: number | null;
  rows_done: number;
  inserted: number;
  merged: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  review: number;
}

/** Counts the data rows, reading the whole file once: a malformed file fails here, before anything is written. */
async function countRows(filePath: string, sheet: string | null, headerRow: number): Promise<number> {
  let records = 0;
  for await (const record of readTable(filePath, { sheet: sheet ?? undefined })) if (record.length > 0) records++;
  return Math.max(0, records - headerRow);
}

/**
 * Runs (or resumes) an import. Rows are applied in batches, each in one transaction
 * together with the import's progress, so a crash leaves whole batches behind and
 * the next run continues after the last one. Progress goes to `onProgress`.
 * A completed import announces its parcels as changed, which starts enrichment and
 * scoring, unless `announce` is false: the caller enriches and scores them itself.
 */
export async function runImport(
  db: Database,
  tenantId: string,
  importId: string,
  onProgress: (progress: ImportProgress) => void = () => {},
  {
    announce = true,
    threads,
    batchRows = BATCH_ROWS,
  }: {
    announce?: boolean;
    /** Worker threads that normalize rows; by default one per core beyond the importing thread's. */
    threads?: number;
    /** Rows per batch, one transaction each. */
    batchRows?: number;
  } = {},
): Promise<ImportProgress> {
  const [job] = await db.withTenant(tenantId, (tx) => tx.query<ImportRow>('select * from imports where id = $1', [importId]));
  if (!job) throw new AppError('not_found', 'Import not found');
  if (!job.mapping) throw new AppError('conflict', 'The column mapping of this import is not confirmed yet');
  const progress: ImportProgress = {
    rowsDone: job.rows_done,
    rowsTotal: job.rows_total ?? 0,
    inserted: job.inserted,
    merged: job.merged,
    unchanged: job.unchanged,
    rejected: job.rejected,
    warnings: job.warnings,
    review: job.review,
  };
  if (job.status === 'completed') return progress;
  const mapping = job.mapping;

  const normalizer = openNormalizer(threads);
  let writing: Promise<void> = Promise.resolve();
  try {
    if (job.rows_total === null) {
      progress.rowsTotal = await countRows(job.file_path, job.sheet, mapping.headerRow);
      await db.withTenant(tenantId, (tx) =>
        tx.query(
          `update imports set rows_total = $2, status = 'running', started_at = coalesce(started_at, now()), updated_at = now() where id = $1`,
          [importId, progress.rowsTotal],
        ),
      );
    } else {
      await db.withTenant(tenantId, (tx) =>
        tx.query(`update imports set status = 'running', error = null, updated_at = now() where id = $1`, [importId]),
      );
    }
    onProgress({ ...progress });

    const source = `import:${importId}`;
    let headers: string[] | undefined;
    let columns: ReturnType<typeof resolveColumns>['columns'] = {};
    let recordNumber = 0;
    let dataRow = 0;
    /** Rows read but not normalized yet, with the digest of their cells. */
    let pending: PendingRow[] = [];

    let written = 0;
    let nextStatistics = 1;
    /** Writes one normalized batch, with the rows known by their digest counted as unchanged, and the progress. */
    const flush = async ({ rows: batch, rejects, warned, digests: digested }: NormalizedBatch, rowsDone: number, knownRows: number) => {
      const digests = new Map(digested);
      // A few turns of the event loop before each batch: a request that arrived meanwhile
      // (read, its token verified) queues for the embedded database, which answers on this
      // thread, ahead of the next batch. Without them it waits for the whole import.
      for (let turn = 0; turn < 3; turn++) await setImmediate();
      const applied = await db.withTenant(tenantId, async (tx) => {
        const outcome = await applyBatch(tx, { importId, listId: job.list_id, source }, batch);
        outcome.unchanged += knownRows;
        const remembered = batch.filter((row) => digests.has(row.rowNumber));
        if (remembered.length > 0) {
          await tx.query(
            `insert into list_rows (list_id, row_hash, parcel_id)
             select $1, unnest($2::text[]), unnest($3::uuid[]) on conflict do nothing`,
            [job.list_id, remembered.map((row) => digests.get(row.rowNumber)), remembered.map((row) => outcome.parcelByHash.get(row.hash))],
          );
        }
        if (rejects.length > 0) {
          await tx.query(
            `insert into import_rejects (import_id, row_number, reasons, raw)
             select $1, row_number, reasons, raw from jsonb_to_recordset($2::jsonb) as x(row_number int, reasons text[], raw jsonb)
             on conflict do nothing`,
            [importId, JSON.stringify(rejects.map((r) => ({ row_number: r.rowNumber, reasons: r.reasons, raw: r.raw })))],
          );
        }
        if (warned.length > 0) {
          await tx.query(
            `insert into import_warnings (import_id, row_number, dropped, raw)
             select $1, row_number, dropped, raw from jsonb_to_recordset($2::jsonb) as x(row_number int, dropped jsonb, raw jsonb)
             on conflict do nothing`,
            [importId, JSON.stringify(warned.map((w) => ({ row_number: w.rowNumber, dropped: w.dropped, raw: w.raw })))],
          );
        }
        await tx.query(
          `update imports set rows_done = $2, inserted = inserted + $3, merged = merged + $4, unchanged = unchanged + $5,
                  rejected = rejected + $6, review = review + $7, warnings = warnings + $8, updated_at = now() where id = $1`,
          [importId, rowsDone, outcome.inserted, outcome.merged, outcome.unchanged, rejects.length, outcome.review, warned.length],
        );
        return outcome;
      });
      progress.rowsDone = rowsDone;
      progress.inserted += applied.inserted;
      progress.merged += applied.merged;
      progress.unchanged += applied.unchanged;
      progress.rejected += rejects.length;
      progress.warnings += warned.length;
      progress.review += applied.review;
      onProgress({ ...progress });
      written += applied.inserted + applied.merged;
      if (written >= nextStatistics) {
        nextStatistics = written * 3;
        await db.refreshStatistics(GROWING_TABLES);
      }
    };
    /** Drops the rows the list knows by their cells' digest and normalizes the rest (in a worker thread where there is one). */
    const prepare = async (rows: PendingRow[]): Promise<{ batch: NormalizedBatch; knownRows: number }> => {
      const [known] = await db.withTenant(tenantId, (tx) =>
        tx.query<{ hashes: string[] }>(
          'select coalesce(array_agg(row_hash), $3) as hashes from list_rows where list_id = $1 and row_hash = any($2::text[])',
          [job.list_id, rows.map((p) => p.digest), []],
        ),
      );
      const knownDigests = new Set(known!.hashes);
      const unknown = rows.filter((row) => !knownDigests.has(row.digest));
      const batch = await normalizer.normalize({ rows: unknown, columns, headers: headers! });
      return { batch, knownRows: rows.length - unknown.length };
    };

    // Batches are written one after another, in file order; meanwhile the next ones are
    // read and normalized, as many ahead as there are threads to normalize them, so the
    // database and the normalizing work at the same time and memory stays bounded.
    const queued: Promise<void>[] = [];
    const handOver = async () => {
      while (queued.length > normalizer.threads + 1) await queued.shift();
      const prepared = prepare(pending);
      const rowsDone = dataRow;
      writing = Promise.all([prepared, writing]).then(([{ batch, knownRows }]) => flush(batch, rowsDone, knownRows));
      // Surfaced by the next await of `writing`; keeps an early failure from going unhandled meanwhile.
      writing.catch(() => {});
      queued.push(writing);
      pending = [];
    };

    for await (const record of readTable(job.file_path, { sheet: job.sheet ?? undefined })) {
      if (record.length === 0) continue;
      recordNumber++;
      if (recordNumber < mapping.headerRow) continue;
      if (recordNumber === mapping.headerRow) {
        headers = uniqueHeaders(record);
        const resolved = resolveColumns(headers, mapping);
        if (resolved.missing.length > 0)
          throw new AppError('validation', `Mapped columns are not in the file: ${resolved.missing.join(', ')}`);
        columns = resolved.columns;
        continue;
      }
      dataRow++;
      if (dataRow <= job.rows_done) continue; // applied by an earlier run
      pending.push({ recordNumber, record, digest: rawDigest(record, columns) });
      if (pending.length >= batchRows) await handOver();
    }
    if (!headers) throw new AppError('validation', 'The file has no header row');
    await handOver();
    await writing;
    await db.withTenant(tenantId, async (tx) => {
      await tx.query(
        `update imports set status = 'completed', rows_total = rows_done, finished_at = now(), updated_at = now() where id = $1`,
        [importId],
      );
      // Enrichment and scoring take it from here, whichever process runs the jobs.
      if (announce) await publishEvent(tx, { type: PARCELS_CHANGED, payload: { importId } });
    });
    progress.rowsTotal = progress.rowsDone;
    return progress;
  } catch (error) {
    // Batches under way finish (or fail) first: nothing is written after the import is marked failed.
    await writing.catch(() => {});
    const message = error instanceof AppError ? error.message : 'The import stopped on an unexpected error; it can be resumed';
    await db.withTenant(tenantId, (tx) =>
      tx.query(`update imports set status = 'failed', error = $2, updated_at = now() where id = $1`, [importId, message]),
    );
    throw error;
  } finally {
    await normalizer.close();
  }
}
