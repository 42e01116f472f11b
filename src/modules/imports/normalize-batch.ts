import { normalizeRow, type FieldColumns, type NormalizedRow } from './normalize-row.js';

/** A row read from the file, not normalized yet. */
export interface PendingRow {
  recordNumber: number;
  record: string[];
  /** Digest of the mapped cells (rawDigest): remembered for rows that import without warnings. */
  digest: string;
}

/** A rejected row with the raw values as [header, value] pairs: a JSON array keeps the file's column order. */
export interface RejectedRow {
  rowNumber: number;
  reasons: string[];
  raw: [string, string][];
}

/** An imported row that had values left out, kept like a rejected row: what was dropped, why, and the raw values. */
export interface WarnedRow {
  rowNumber: number;
  dropped: { column: string; field: string | null; value: string; reason: string }[];
  raw: [string, string][];
}

export interface NormalizedBatch {
  rows: NormalizedRow[];
  rejects: RejectedRow[];
  warned: WarnedRow[];
  /** Digests of the rows that imported without warnings, as [row number, digest]: a re-import skips them. */
  digests: [number, string][];
}

export interface NormalizeTask {
  rows: PendingRow[];
  columns: FieldColumns;
  headers: string[];
}

/** Normalizes rows in file order; the same on the importing thread and in a worker thread. */
export function normalizeBatch({ rows, columns, headers }: NormalizeTask): NormalizedBatch {
  const batch: NormalizedBatch = { rows: [], rejects: [], warned: [], digests: [] };
  for (const { recordNumber, record, digest } of rows) {
    const outcome = normalizeRow(recordNumber, record, columns);
    const raw = () => headers.map((h, i): [string, string] => [h, outcome.cells[i] ?? '']);
    if (!outcome.ok) {
      batch.rejects.push({ rowNumber: outcome.rowNumber, reasons: outcome.reasons, raw: raw() });
      continue;
    }
    batch.rows.push(outcome.row);
    if (outcome.row.warnings.length === 0) {
      batch.digests.push([recordNumber, digest]);
      continue;
    }
    const dropped = outcome.row.warnings.map(({ column, field, value, reason }) => ({
      column: headers[column] ?? `Column ${column + 1}`,
      field,
      value,
      reason,
    }));
    batch.warned.push({ rowNumber: recordNumber, dropped, raw: raw() });
  }
  return batch;
}
