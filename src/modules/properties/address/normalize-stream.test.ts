import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { normalizeLines } from './normalize-stream.js';

const KEYS = [
  'input',
  'number',
  'predirectional',
  'street',
  'suffix',
  'postdirectional',
  'unitType',
  'unitNumber',
  'poBox',
  'city',
  'state',
  'zip',
  'zip4',
  'line1',
  'key',
];

async function run(text: string | string[]): Promise<{ count: number; rows: Record<string, unknown>[]; raw: string }> {
  const input = Readable.from(Array.isArray(text) ? text : [text]);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  const count = await normalizeLines(input, output);
  output.end();
  const raw = Buffer.concat(chunks).toString('utf8');
  const rows = raw
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { count, rows, raw };
}

describe('normalizeLines', () => {
  it('writes one JSON object per line with exactly the contract keys, in order', async () => {
    const { count, rows, raw } = await run('123 N Main Street Apt 4, Springfield IL 62701\nPO Box 12\n');
    expect(count).toBe(2);
    expect(raw.endsWith('\n')).toBe(true);
    expect(rows.map((r) => Object.keys(r))).toEqual([KEYS, KEYS]);
    expect(rows[0]).toMatchObject({
      input: '123 N Main Street Apt 4, Springfield IL 62701',
      street: 'MAIN',
      unitType: 'APT',
      zip: '62701',
      key: '62701|123|N|MAIN|ST||4',
    });
    expect(rows[1]).toMatchObject({ poBox: '12', street: null, line1: 'PO BOX 12' });
  });

  it('handles CRLF and a last line without a newline', async () => {
    const { count, rows } = await run('1 Main St\r\n2 Oak Ave');
    expect(count).toBe(2);
    expect(rows.map((r) => r.input)).toEqual(['1 Main St', '2 Oak Ave']);
    expect(rows.map((r) => r.suffix)).toEqual(['ST', 'AVE']);
  });

  it('skips nothing: an empty line gives all nulls with input ""', async () => {
    const { count, rows } = await run('\n1 Main St\n\n');
    expect(count).toBe(3);
    expect(rows[0]).toEqual(Object.fromEntries(KEYS.map((k) => [k, k === 'input' ? '' : null])));
    expect(rows[2]?.input).toBe('');
  });

  it('reads lines split across chunks and drops a byte-order mark', async () => {
    const { count, rows } = await run(['\ufeff1 Ma', 'in St\n2 Oak', ' Ave\n']);
    expect(count).toBe(2);
    expect(rows.map((r) => r.input)).toEqual(['1 Main St', '2 Oak Ave']);
  });

  it('returns 0 for empty input', async () => {
    const { count, raw } = await run('');
    expect(count).toBe(0);
    expect(raw).toBe('');
  });
});
