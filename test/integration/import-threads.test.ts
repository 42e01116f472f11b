import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMessyList } from '../../bench/generate-messy-list.js';
import { runImport } from '../../src/modules/imports/run-import.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';
import { uploadList } from '../support/upload.js';

describe.skipIf(skipDatabase())('an import normalizing in worker threads', () => {
  let t: TestApp;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-threads-test-'));
  const file = path.join(tmp, 'messy.csv');

  beforeAll(async () => {
    t = await createTestApp({ dataDir: tmp });
    await generateMessyList(file, 300, { seed: 11 });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Imports the file into the tenant in batches of 100 rows (several batches under way at once), normalizing in `threads` threads. */
  async function importFile(tenant: TestTenant, threads: number) {
    const token = await t.make.bearer(tenant.owner);
    const upload = await uploadList(t.app, token, { name: 'messy.csv', content: fs.readFileSync(file) }, { list: 'Messy' });
    expect(upload.statusCode, upload.body).toBe(201);
    const { import: created, preview } = upload.json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${created.id}/mapping`,
      headers: { authorization: `Bearer ${token}` },
      payload: preview.proposal.mapping,
    });
    const progress = await runImport(t.runtime.db, tenant.id, created.id, () => {}, { announce: false, threads, batchRows: 100 });
    const written = await t.runtime.db.withTenant(tenant.id, async (tx) => ({
      rejects: await tx.query('select row_number, reasons, raw from import_rejects where import_id = $1 order by row_number', [created.id]),
      warnings: await tx.query('select row_number, dropped, raw from import_warnings where import_id = $1 order by row_number', [
        created.id,
      ]),
      parcels: await tx.query(
        `select apn, address_key, address_line1, city, zip, year_built::text, market_value::text, search_text, absentee, stack_count
           from parcels order by address_key, apn`,
      ),
      history: await tx.query('select count(*)::int as n from parcel_field_values'),
      rowHashes: await tx.query('select row_hash from list_rows order by row_hash'),
    }));
    return { progress, written };
  }

  it('writes the same rows, warnings and rejects as normalizing on the importing thread, and re-imports alike', async () => {
    const inProcess = await t.make.tenant();
    const pooled = await t.make.tenant();
    const first = await importFile(inProcess, 0);
    const second = await importFile(pooled, 1);
    expect(first.progress.rejected).toBeGreaterThan(0);
    expect(first.progress.warnings).toBeGreaterThan(0);
    expect(second).toEqual(first);

    const again = await importFile(pooled, 1);
    expect(again.progress).toMatchObject({ inserted: 0, merged: 0, rejected: first.progress.rejected, warnings: first.progress.warnings });
    expect(again.written.parcels).toEqual(first.written.parcels);
  });
});
