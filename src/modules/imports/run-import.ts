import type { Database } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError } from '../../platform/http/errors.js';
import { PARCELS_CHANGED } from '../enrichment/enrichment-events.js';
import { applyBatch } from './apply-batch.js';
import type { ColumnMapping } from './fields.js';
import { uniqueHeaders } from './layouts.js';
import { normalizeRow, rawDigest, resolveColumns, type NormalizedRow } from './normalize-row.js';
import { readTable } from './read-table.js';

const BATCH_ROWS = 2000;
/** The tables an import grows, whose statistics are refreshed as they grow (after batches 1, 3, 9, 27, …). */
const GROWING_TABLES = [
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

/** A rejected row with the raw values as [header, value] pairs: a JSON array keeps the file's column order. */
interface RejectedRow {
  rowNumber: number;
  reasons: string[];
  raw: [string, string][];
}

/** An imported row that had values left out, kept like a rejected row: what was dropped, why, and the raw values. */
interface WarnedRow {
  rowNumber: number;
  dropped: { column: string; field: string | null; value: string; reason: string }[];
  raw: [string, string][];
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
  { announce = true }: { announce?: boolean } = {},
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
    let batch: NormalizedRow[] = [];
    let rejects: RejectedRow[] = [];
    let warned: WarnedRow[] = [];
    /** Rows read but not normalized yet, with the digest of their cells. */
    let pending: { recordNumber: number; record: string[]; digest: string }[] = [];
    /** Rows known by their cells' digest: unchanged without being normalized. */
    let knownRows = 0;
    /** Digests of the batch's rows that imported without warnings, by row number: a re-import skips them. */
    let digests = new Map<number, string>();

    // While one batch is written, the next is read and normalized: the database and
    // this process work at the same time. Batches are still written one after another.
    let writing: Promise<void> = Promise.resolve();
    let batches = 0;
    let nextStatistics = 1;
    const flush = async (
      batch: NormalizedRow[],
      rejects: RejectedRow[],
      warned: WarnedRow[],
      rowsDone: number,
      knownRows: number,
      digests: Map<number, string>,
    ) => {
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
      if (++batches === nextStatistics) {
        nextStatistics *= 3;
        await db.refreshStatistics(GROWING_TABLES);
      }
    };
    /** Normalizes the pending rows that the list does not know by their cells' digest. */
    const normalizePending = async () => {
      const [known] = await db.withTenant(tenantId, (tx) =>
        tx.query<{ hashes: string[] }>(
          'select coalesce(array_agg(row_hash), $3) as hashes from list_rows where list_id = $1 and row_hash = any($2::text[])',
          [job.list_id, pending.map((p) => p.digest), []],
        ),
      );
      const knownDigests = new Set(known!.hashes);
      for (const { recordNumber, record, digest } of pending) {
        if (knownDigests.has(digest)) {
          knownRows++;
          continue;
        }
        const outcome = normalizeRow(recordNumber, record, columns);
        const raw = () => headers!.map((h, i): [string, string] => [h, outcome.cells[i] ?? '']);
        if (!outcome.ok) rejects.push({ rowNumber: outcome.rowNumber, reasons: outcome.reasons, raw: raw() });
        else {
          batch.push(outcome.row);
          if (outcome.row.warnings.length > 0) {
            const dropped = outcome.row.warnings.map(({ column, field, value, reason }) => ({
              column: headers![column] ?? `Column ${column + 1}`,
              field,
              value,
              reason,
            }));
            warned.push({ rowNumber: recordNumber, dropped, raw: raw() });
          } else digests.set(recordNumber, digest);
        }
      }
      pending = [];
    };
    const handOver = async () => {
      await normalizePending();
      await writing;
      writing = flush(batch, rejects, warned, dataRow, knownRows, digests);
      // Surfaced by the next await of `writing`; keeps an early failure from going unhandled meanwhile.
      writing.catch(() => {});
      batch = [];
      rejects = [];
      warned = [];
      knownRows = 0;
      digests = new Map();
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
      if (pending.length >= BATCH_ROWS) await handOver();
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
    const message = error instanceof AppError ? error.message : 'The import stopped on an unexpected error; it can be resumed';
    await db.withTenant(tenantId, (tx) =>
      tx.query(`update imports set status = 'failed', error = $2, updated_at = now() where id = $1`, [importId, message]),
    );
    throw error;
  }
}
