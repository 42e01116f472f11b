import fs from 'node:fs';
import type { Actor } from '../../platform/auth/principal.js';
import type { Database } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { csvCell } from '../../platform/http/csv.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { isImportField, type ColumnMapping } from './fields.js';
import { proposeMapping, uniqueHeaders, type MappingProposal } from './layouts.js';
import { readTable, sniffFile } from './read-table.js';

export const IMPORT_QUEUED = 'import.queued';
const PREVIEW_ROWS = 10;
const TAG = /^[a-z0-9_]{1,40}$/;

export interface ImportView {
  id: string;
  listId: string;
  listName: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  status: 'awaiting_mapping' | 'queued' | 'running' | 'completed' | 'failed';
  error: string | null;
  mapping: ColumnMapping | null;
  layout: string | null;
  rowsTotal: number | null;
  rowsDone: number;
  percent: number | null;
  rowsPerSecond: number | null;
  etaSeconds: number | null;
  inserted: number;
  merged: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  review: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface ImportDbRow {
  id: string;
  list_id: string;
  list_name: string;
  file_name: string;
  format: 'csv' | 'xlsx';
  status: ImportView['status'];
  error: string | null;
  mapping: ColumnMapping | null;
  layout: string | null;
  rows_total: number | null;
  rows_done: number;
  inserted: number;
  merged: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  review: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const SELECT = 'select i.*, l.name as list_name from imports i join lists l on l.id = i.list_id';

export function presentImport(row: ImportDbRow): ImportView {
  const elapsed = row.started_at ? ((row.finished_at ?? new Date()).getTime() - row.started_at.getTime()) / 1000 : 0;
  const rate = elapsed > 0 && row.rows_done > 0 ? row.rows_done / elapsed : null;
  const remaining = row.rows_total !== null ? Math.max(0, row.rows_total - row.rows_done) : null;
  return {
    id: row.id,
    listId: row.list_id,
    listName: row.list_name,
    fileName: row.file_name,
    format: row.format,
    status: row.status,
    error: row.error,
    mapping: row.mapping,
    layout: row.layout,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    percent: row.rows_total
      ? Math.min(100, Math.round((1000 * row.rows_done) / row.rows_total) / 10)
      : row.status === 'completed'
        ? 100
        : null,
    rowsPerSecond: rate === null ? null : Math.round(rate),
    etaSeconds: rate && remaining !== null && row.status === 'running' ? Math.round(remaining / rate) : null,
    inserted: row.inserted,
    merged: row.merged,
    unchanged: row.unchanged,
    rejected: row.rejected,
    warnings: row.warnings,
    review: row.review,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export interface Preview {
  headers: string[];
  rows: string[][];
  proposal: MappingProposal;
}

/** The header, the first rows and a proposed mapping, read without loading the file. */
export async function previewFile(filePath: string, sheet?: string, headerRow = 1): Promise<Preview> {
  let headers: string[] | undefined;
  const rows: string[][] = [];
  let recordNumber = 0;
  for await (const record of readTable(filePath, { sheet })) {
    if (record.length === 0) continue;
    recordNumber++;
    if (recordNumber < headerRow) continue;
    if (!headers) headers = uniqueHeaders(record);
    else rows.push(record.slice(0, headers.length));
    if (rows.length >= PREVIEW_ROWS) break;
  }
  if (!headers) throw new AppError('validation', 'The file is empty: no header row');
  return { headers, rows, proposal: proposeMapping(headers, headerRow) };
}

export function validateMapping(mapping: ColumnMapping, headers?: string[]): void {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const [header, field] of Object.entries<string>(mapping.columns)) {
    if (!isImportField(field)) problems.push(`"${field}" is not a field`);
    if (used.has(field)) problems.push(`${field} is mapped twice`);
    used.add(field);
    if (headers && !headers.includes(header)) problems.push(`column "${header}" is not in the file`);
  }
  if (!used.has('situs_address') && !used.has('apn')) problems.push('map the property address or the APN');
  if (!Number.isInteger(mapping.headerRow) || mapping.headerRow < 1) problems.push('headerRow must be 1 or more');
  if (problems.length > 0) throw new AppError('validation', `The column mapping is not usable: ${problems.join('; ')}`, problems);
}

export interface CreateImportInput {
  filePath: string;
  fileName: string;
  listName: string;
  tags?: string[];
  sheet?: string;
  /** A mapping given up front (CLI, API clients) makes the import ready to run at once. */
  mapping?: ColumnMapping;
  /** Hand a ready import to the workers (default); the CLI runs it itself instead. */
  enqueue?: boolean;
}

/**
 * Registers an uploaded file as an import on a list (created when new), with a
 * proposed column mapping. It waits for the mapping to be confirmed, unless one was given.
 */
export async function createImport(db: Database, tenantId: string, actor: Actor, input: CreateImportInput) {
  const listName = input.listName.trim();
  if (!listName || listName.length > 200) throw new AppError('validation', 'The list name must be 1 to 200 characters');
  const tags = [
    ...new Set(
      (input.tags ?? []).map((t) =>
        t
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_'),
      ),
    ),
  ];
  const badTag = tags.find((t) => !TAG.test(t));
  if (badTag !== undefined) throw new AppError('validation', `Tags are letters, digits and underscores: "${badTag}"`);
  const { format } = await sniffFile(input.filePath);
  const preview = await previewFile(input.filePath, input.sheet, input.mapping?.headerRow);
  if (input.mapping) validateMapping(input.mapping, preview.headers);
  const mapping = input.mapping ?? null;
  const bytes = fs.statSync(input.filePath).size;

  const view = await db.withTenant(tenantId, async (tx) => {
    const [list] = await tx.query<{ id: string }>(
      `insert into lists (name, tags) values ($1, $2) on conflict (tenant_id, name)
       do update set tags = (select array(select distinct unnest(lists.tags || excluded.tags) order by 1)) returning id`,
      [listName, tags],
    );
    // A list that gains a tag gives it to the parcels already on it.
    if (tags.length > 0) {
      await tx.query(
        `update parcels p set distress_tags = array(select distinct tag from unnest(p.distress_tags || $2::text[]) as tag order by tag)
           from list_memberships m where m.list_id = $1 and m.parcel_id = p.id and not (p.distress_tags @> $2::text[])`,
        [list!.id, tags],
      );
    }
    const [created] = await tx.query<{ id: string }>(
      `insert into imports (list_id, file_name, file_path, file_bytes, format, sheet, mapping, layout, status, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [
        list!.id,
        input.fileName,
        input.filePath,
        bytes,
        format,
        input.sheet ?? null,
        mapping && JSON.stringify(mapping),
        preview.proposal.layout.name,
        mapping ? 'queued' : 'awaiting_mapping',
        actor.type === 'user' ? actor.id : null,
      ],
    );
    await recordAudit(tx, actor, {
      action: 'import.created',
      entityType: 'import',
      entityId: created!.id,
      after: { list: listName, file: input.fileName, tags },
    });
    if (mapping && input.enqueue !== false)
      await publishEvent(tx, { type: IMPORT_QUEUED, payload: { importId: created!.id }, requestId: actor.requestId });
    const [row] = await tx.query<ImportDbRow>(`${SELECT} where i.id = $1`, [created!.id]);
    return presentImport(row!);
  });
  return { import: view, preview };
}

/** Confirms the (possibly edited) mapping and queues the import. */
export async function confirmMapping(
  db: Database,
  tenantId: string,
  actor: Actor,
  importId: string,
  mapping: ColumnMapping,
): Promise<ImportView> {
  const current = await getImport(db, tenantId, importId);
  if (current.status !== 'awaiting_mapping')
    throw new AppError('conflict', `The import is ${current.status}; its mapping can no longer change`);
  const [file] = await db.withTenant(tenantId, (tx) =>
    tx.query<{ file_path: string; sheet: string | null }>('select file_path, sheet from imports where id = $1', [importId]),
  );
  const preview = await previewFile(file!.file_path, file!.sheet ?? undefined, mapping.headerRow);
  validateMapping(mapping, preview.headers);
  return db.withTenant(tenantId, async (tx) => {
    const updated = await tx.query(
      `update imports set mapping = $2, status = 'queued', updated_at = now() where id = $1 and status = 'awaiting_mapping' returning id`,
      [importId, JSON.stringify(mapping)],
    );
    if (updated.length === 0) throw new AppError('conflict', 'The import was confirmed meanwhile');
    await recordAudit(tx, actor, {
      action: 'import.mapping_confirmed',
      entityType: 'import',
      entityId: importId,
      before: { mapping: current.mapping },
      after: { mapping },
    });
    await publishEvent(tx, { type: IMPORT_QUEUED, payload: { importId }, requestId: actor.requestId });
    const [row] = await tx.query<ImportDbRow>(`${SELECT} where i.id = $1`, [importId]);
    return presentImport(row!);
  });
}

export async function getImport(db: Database, tenantId: string, importId: string): Promise<ImportView> {
  const [row] = await db.withTenant(tenantId, (tx) => tx.query<ImportDbRow>(`${SELECT} where i.id = $1`, [importId]));
  if (!row) throw notFound('Import');
  return presentImport(row);
}

export async function listImports(db: Database, tenantId: string): Promise<{ items: ImportView[] }> {
  const rows = await db.withTenant(tenantId, (tx) => tx.query<ImportDbRow>(`${SELECT} order by i.created_at desc limit 200`));
  return { items: rows.map(presentImport) };
}

/** The rejected rows as CSV: row number, reasons, then the original columns. */
export function rejectsCsv(db: Database, tenantId: string, importId: string): AsyncGenerator<string> {
  return keptRowsCsv(
    db,
    tenantId,
    importId,
    'select row_number, reasons, raw from import_rejects where import_id = $1 and row_number > $2 order by row_number limit $3',
  );
}

/** The imported rows that had values left out, as CSV in the shape of the rejects: row number, reasons, original columns. */
export function warningsCsv(db: Database, tenantId: string, importId: string): AsyncGenerator<string> {
  return keptRowsCsv(
    db,
    tenantId,
    importId,
    `select row_number, array(select d ->> 'reason' from jsonb_array_elements(dropped) d) as reasons, raw
       from import_warnings where import_id = $1 and row_number > $2 order by row_number limit $3`,
  );
}

/** Streams rows an import kept with reasons, a page at a time, whatever their number. */
async function* keptRowsCsv(db: Database, tenantId: string, importId: string, pageQuery: string): AsyncGenerator<string> {
  await getImport(db, tenantId, importId);
  const pageSize = 5000;
  let after = 0;
  let headers: string[] | undefined;
  for (;;) {
    const rows = await db.withTenant(tenantId, (tx) =>
      tx.query<{ row_number: number; reasons: string[]; raw: [string, string][] }>(pageQuery, [importId, after, pageSize]),
    );
    if (!headers) {
      headers = rows[0] ? rows[0].raw.map(([header]) => header) : [];
      yield ['row', 'reasons', ...headers].map(csvCell).join(',') + '\n';
    }
    for (const row of rows)
      yield [String(row.row_number), row.reasons.join('; '), ...row.raw.map(([, value]) => value)].map(csvCell).join(',') + '\n';
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.row_number;
  }
}
