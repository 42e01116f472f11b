import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateList } from '../../bench/generate-list.js';
import { runImport } from '../../src/modules/imports/run-import.js';
import { copyText } from '../../src/platform/db/copy-text.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';
import { uploadList } from '../support/upload.js';

/** Row counts of every table an import writes, for the tenant. */
const WRITTEN = [
  'parcels',
  'parcel_field_values',
  'owners',
  'parcel_owners',
  'owner_phones',
  'owner_emails',
  'list_memberships',
  'list_rows',
  'property_sales',
  'merge_candidates',
] as const;

describe.skipIf(skipDatabase())('import staging and merge', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-staging-test-'));

  beforeAll(async () => {
    t = await createTestApp({ dataDir: tmp });
    tenant = await t.make.tenant();
    token = await t.make.bearer(tenant.owner);
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function importFile(file: string, list: string) {
    const upload = await uploadList(t.app, token, { name: 'list.csv', content: fs.readFileSync(file) }, { list, tags: 'tax_delinquent' });
    expect(upload.statusCode, upload.body).toBe(201);
    const { import: created, preview } = upload.json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${created.id}/mapping`,
      headers: { authorization: `Bearer ${token}` },
      payload: preview.proposal.mapping,
    });
    return runImport(t.runtime.db, tenant.id, created.id, () => {}, { announce: false });
  }

  const counts = () =>
    t.runtime.db.withTenant(tenant.id, async (tx) => {
      const result: Record<string, number> = {};
      for (const table of WRITTEN) result[table] = (await tx.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
      return result;
    });

  it('copies awkward text, nulls, arrays and JSON into a staging table as the tenant role', async () => {
    const lines = [
      ['tab\there', null, ['a,b', 'say "hi"', 'back\\slash', '{brace}'], { note: 'line\nbreak' }],
      ['back\\slash\r\nend', 'x', [], { list: [1, null] }],
    ];
    const read = await t.runtime.db.withTenant(tenant.id, async (tx) => {
      await tx.exec('create temporary table copy_probe (t text, n text, a text[], j jsonb) on commit drop');
      await tx.copyFrom('copy_probe (t, n, a, j)', copyText(lines));
      return tx.query<{ t: string; n: string | null; a: string[]; j: unknown }>('select t, n, a, j from copy_probe');
    });
    expect(read).toEqual(lines.map(([t, n, a, j]) => ({ t, n, a, j })));
  });

  it('merges a generated list set-based, and a re-import of it changes nothing', async () => {
    const file = path.join(tmp, 'generated.csv');
    await generateList(file, 1500, { seed: 7 });
    const first = await importFile(file, 'Generated');
    // A quarter of the rows repeat an earlier property: merged, with the replaced values kept.
    expect(first.inserted).toBeGreaterThan(1000);
    expect(first.merged).toBeGreaterThan(250);
    expect(first.inserted + first.merged + first.unchanged + first.rejected).toBe(1500);
    const before = await counts();
    expect(before.parcels).toBe(first.inserted);
    expect(before.list_memberships).toBe(first.inserted);
    expect(before.parcel_field_values).toBeGreaterThan(0);
    expect(before.property_sales).toBeGreaterThan(0);
    expect(before.owner_phones).toBeGreaterThan(0);
    const [stacks] = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ wrong: number }>(
        `select count(*)::int as wrong from parcels where stack_count <> 1 or distress_tags <> '{tax_delinquent}'`,
      ),
    );
    expect(stacks!.wrong).toBe(0);

    const again = await importFile(file, 'Generated');
    expect(again).toMatchObject({ inserted: 0, merged: 0, rejected: first.rejected, warnings: first.warnings });
    expect(again.unchanged).toBe(1500 - first.rejected);
    expect(await counts()).toEqual(before);
  });
});
