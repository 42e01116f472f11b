import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMessyList } from '../../../bench/generate-messy-list.js';
import { proposeMapping, uniqueHeaders } from './layouts.js';
import { normalizeBatch, type NormalizeTask } from './normalize-batch.js';
import { openNormalizer } from './normalize-pool.js';
import { rawDigest, resolveColumns } from './normalize-row.js';
import { readTable } from './read-table.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-normalize-pool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A messy list (rows with warnings, rejects, NUL bytes) cut into tasks of 50 rows, as the import hands them over. */
async function tasks(): Promise<NormalizeTask[]> {
  const file = path.join(dir, 'messy.csv');
  await generateMessyList(file, 400, { seed: 7 });
  // A NUL byte and a lone surrogate: cleaned cells are reported the same way in a worker.
  fs.appendFileSync(file, '\n' + 'X-1,"Jane\u0000 Doe",12 Elm St,,Springfield,IL,62701,,,,,,,"\ud800555-201-3344",,,,,,\n');
  const out: NormalizeTask[] = [];
  let headers: string[] | undefined;
  let columns = {};
  let number = 0;
  for await (const record of readTable(file)) {
    number++;
    if (!headers) {
      headers = uniqueHeaders(record);
      columns = resolveColumns(headers, proposeMapping(headers).mapping).columns;
      continue;
    }
    if (out.length === 0 || out.at(-1)!.rows.length === 50) out.push({ rows: [], columns, headers });
    out.at(-1)!.rows.push({ recordNumber: number, record, digest: rawDigest(record, columns) });
  }
  return out;
}

describe('normalizing in worker threads', () => {
  it('gives the same rows, warnings, rejects and digests, in file order, as on the importing thread', async () => {
    const work = await tasks();
    const inProcess = work.map(normalizeBatch);
    const pool = openNormalizer(2);
    try {
      expect(pool.threads).toBe(2);
      const pooled = await Promise.all(work.map((task) => pool.normalize(task)));
      expect(pooled).toEqual(inProcess);
    } finally {
      await pool.close();
    }
    const all = inProcess.flatMap((batch) => [...batch.rows.map((r) => r.rowNumber), ...batch.rejects.map((r) => r.rowNumber)]);
    expect(all.length).toBe(401);
    expect(inProcess.some((batch) => batch.rejects.length > 0)).toBe(true);
    expect(inProcess.some((batch) => batch.warned.some((w) => w.dropped.some((d) => d.reason.includes('NUL'))))).toBe(true);
  });

  it('stays on the importing thread when there is no core to spare', async () => {
    const pool = openNormalizer(0);
    expect(pool.threads).toBe(0);
    const [task] = await tasks();
    expect(await pool.normalize(task!)).toEqual(normalizeBatch(task!));
    await pool.close();
  });
});
