/**
 * One CSV cell. A leading =, +, - or @ would run as a formula in a spreadsheet,
 * so such text is prefixed with a quote mark; arrays become space-separated words.
 */
export function csvCell(value: string | number | boolean | null | undefined | readonly (string | number)[]): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
