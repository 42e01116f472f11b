import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/http/errors.js';

export type TableFormat = 'csv' | 'xlsx';

/** Limits that keep a hostile or broken file from exhausting memory. */
export const MAX_COLUMNS = 1000;
export const MAX_ROW_BYTES = 1024 * 1024;

const fileError = (message: string) => new AppError('validation', message);

/**
 * Looks at the first bytes: an XLSX is a ZIP archive; an old Excel .xls, a PDF or
 * any file whose first bytes are more than 1 % NUL is refused; anything else is read
 * as CSV text, as UTF-8 when it decodes as such, otherwise as Windows-1252 (a
 * superset of Latin-1). A stray NUL in a text file is left for the import to drop
 * from its cell, with a warning.
 */
export async function sniffFile(filePath: string): Promise<{ format: TableFormat; encoding: 'utf-8' | 'windows-1252' }> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const sample = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    const head = sample.subarray(0, bytesRead);
    if (bytesRead === 0) throw fileError('The file is empty');
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx', encoding: 'utf-8' };
    if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
      throw fileError('This is an old Excel .xls file: save it as .xlsx or CSV and upload that');
    }
    if (nulBytes(head) * 100 > head.length) throw fileError('This is a binary file, not a CSV or XLSX spreadsheet');
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
      return { format: 'csv', encoding: 'utf-8' };
    } catch {
      return { format: 'csv', encoding: 'windows-1252' };
    }
  } finally {
    await handle.close();
  }
}

function nulBytes(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(0); i !== -1; i = bytes.indexOf(0, i + 1)) count++;
  return count;
}

function decoder(encoding: 'windows-1252'): Transform {
  const text = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, text.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, text.decode());
    },
  });
}

async function* csvRecords(filePath: string, encoding: 'utf-8' | 'windows-1252'): AsyncGenerator<string[]> {
  const input = fs.createReadStream(filePath);
  const source = encoding === 'utf-8' ? input : input.pipe(decoder(encoding));
  const parser = source.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      // Quotes inside unquoted values (12" PIPE, =HYPERLINK("…")) are common in exports: keep them as text.
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_ROW_BYTES,
      encoding: encoding === 'utf-8' ? 'utf8' : undefined,
    }),
  );
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    throw describeCsvError(error);
  } finally {
    input.destroy();
  }
}

function describeCsvError(error: unknown): Error {
  const code = (error as { code?: string }).code;
  const line = (error as { lines?: number }).lines;
  const at = line ? ` (near line ${line})` : '';
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return fileError(`A quoted value is never closed${at}: the file is cut off or malformed`);
    case 'CSV_MAX_RECORD_SIZE':
      return fileError(`A row is longer than ${MAX_ROW_BYTES / 1024 / 1024} MB${at}: this is not a list of records`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return fileError(`A quote is followed by other characters${at}: check the quoting of the file`);
    default:
      return error instanceof AppError ? error : fileError(`The CSV cannot be read${at}: ${(error as Error).message}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result);
    // A hyperlink's text, which some files hold as rich text despite the type.
    if ('text' in value) return cellText(value.text);
    // An error cell, or a formula without a stored result.
    return '';
  }
  return String(value);
}

async function* xlsxRecords(filePath: string, sheet: string | undefined): AsyncGenerator<string[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Number formats tell dates from numbers: without them a date arrives as a day count.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  let found = false;
  try {
    for await (const worksheet of workbook) {
      const name = (worksheet as unknown as { name?: string }).name;
      if (found || (sheet !== undefined && name !== sheet)) {
        // Other sheets are skipped, but their rows must still be drained from the archive.
        for await (const _row of worksheet) void _row;
        continue;
      }
      found = true;
      let expected = 1;
      for await (const row of worksheet) {
        // Rows missing from the sheet (all blank) are absent in the stream: keep numbering honest.
        for (; expected < row.number; expected++) yield [];
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        if (values.length > MAX_COLUMNS) throw fileError(`The sheet has ${values.length} columns; at most ${MAX_COLUMNS} are read`);
        yield values.map(cellText);
        expected = row.number + 1;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileError(`The XLSX file cannot be read: ${(error as Error).message}`);
  }
  if (!found) throw fileError(sheet ? `The workbook has no sheet named "${sheet}"` : 'The workbook has no sheets');
}

/**
 * Streams the records of a CSV or XLSX file (the header row included), with memory
 * bounded by one row, whatever the file size.
 */
export async function* readTable(filePath: string, options: { sheet?: string } = {}): AsyncGenerator<string[]> {
  const { format, encoding } = await sniffFile(filePath);
  const records = format === 'xlsx' ? xlsxRecords(filePath, options.sheet) : csvRecords(filePath, encoding);
  for await (const record of records) {
    if (record.length > MAX_COLUMNS) throw fileError(`A row has ${record.length} columns; at most ${MAX_COLUMNS} are read`);
    yield record;
  }
}
