/** A value COPY text format can carry: null is \N, arrays become array literals, objects JSON. */
export type CopyValue = string | number | boolean | null | undefined | readonly (string | null)[] | object;

const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function field(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (Array.isArray(value)) return field(arrayLiteral(value as (string | null)[]));
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(SPECIAL, (c) => ESCAPES[c]!);
}

/** A text[] literal: every element quoted, so commas, braces and blanks stay inside it. */
function arrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** Rows in PostgreSQL's COPY text format, one line each, columns in the order of the COPY target. */
export function copyText(rows: Iterable<readonly CopyValue[]>): string {
  let text = '';
  for (const row of rows) text += row.map(field).join('\t') + '\n';
  return text;
}
