import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMessyList } from '../../bench/generate-messy-list.js';
import { commands } from '../../src/app/commands.js';
import { runImport } from '../../src/modules/imports/run-import.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';
import { uploadList } from '../support/upload.js';

const TAX_LIST = [
  'Parcel Number,Situs Address,Property City,Property State,Property Zip,Owner Name,Mailing Address,Mailing City,Mailing State,Mailing Zip,Bedrooms,Year Built,Amount Due,Phone,Email',
  '001-100-01,123 N Main Street Apt 4,Springfield,IL,62701,SMITH JOHN A,55 Oak Ave,Chicago,IL,60601,3,1978,"$4,210.55",(312) 555-0142,JOHN@EXAMPLE.COM',
  '001-100-02,125 N Main St,Springfield,IL,62701,ACME HOLDINGS LLC,PO Box 12,Springfield,IL,62705,4,1990,812,,',
  '001-100-03,77 Elm Rd,Springfield,IL,62702,"DOE, JANE",77 Elm Rd,Springfield,IL,62702,2,1955,0,,',
].join('\n');

const PROBATE_LIST = [
  'Property Address,Property City,Property State,Property Zip,Owner First Name,Owner Last Name,Bedrooms',
  '123 NORTH MAIN ST #4,SPRINGFIELD,IL,62701,John,Smith,4',
  '900 Lake Shore Dr,Springfield,IL,62703,Mary,Major,3',
].join('\n');

describe.skipIf(skipDatabase())('list import', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-import-test-'));

  beforeAll(async () => {
    t = await createTestApp({ dataDir: tmp });
    tenant = await t.make.tenant();
    token = await t.make.bearer(tenant.owner);
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
  const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: auth() })).json();

  /** Uploads, confirms the proposed mapping and runs the import as the worker would. */
  async function importCsv(name: string, content: string | Buffer, list: string, tags = '') {
    const upload = await uploadList(t.app, token, { name, content }, { list, tags });
    expect(upload.statusCode, upload.body).toBe(201);
    const { import: created, preview } = upload.json();
    const confirmed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${created.id}/mapping`,
      headers: auth(),
      payload: preview.proposal.mapping,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    await runImport(t.runtime.db, tenant.id, created.id);
    return { id: created.id as string, preview, view: await get(`/api/v1/imports/${created.id}`) };
  }

  it('proposes a mapping with a preview, imports, and reports counts and progress', async () => {
    const upload = await uploadList(
      t.app,
      token,
      { name: 'tax.csv', content: TAX_LIST },
      { list: 'Tax delinquent', tags: 'tax_delinquent' },
    );
    expect(upload.statusCode).toBe(201);
    const { import: created, preview } = upload.json();
    expect(created.status).toBe('awaiting_mapping');
    expect(preview.rows).toHaveLength(3);
    expect(preview.proposal.mapping.columns).toMatchObject({
      'Parcel Number': 'apn',
      'Situs Address': 'situs_address',
      'Owner Name': 'owner_name',
      'Amount Due': 'tax_owed',
      Phone: 'phone',
    });
    const confirmed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${created.id}/mapping`,
      headers: auth(),
      payload: preview.proposal.mapping,
    });
    expect(confirmed.json().status).toBe('queued');
    const again = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${created.id}/mapping`,
      headers: auth(),
      payload: preview.proposal.mapping,
    });
    expect(again.statusCode).toBe(409);
    await runImport(t.runtime.db, tenant.id, created.id);
    const view = await get(`/api/v1/imports/${created.id}`);
    expect(view).toMatchObject({ status: 'completed', rowsTotal: 3, rowsDone: 3, percent: 100, inserted: 3, merged: 0, rejected: 0 });

    const page = await get('/api/v1/properties?sort=address');
    expect(page.total).toBe(3);
    const smith = page.items.find((p: { apn: string }) => p.apn === '001-100-01');
    expect(smith).toMatchObject({
      address: '123 N MAIN ST APT 4',
      zip: '62701',
      taxOwed: 4210.55,
      stackCount: 1,
      distressTags: ['tax_delinquent'],
    });
    const detail = await get(`/api/v1/properties/${smith.id}`);
    expect(detail.owners).toHaveLength(1);
    expect(detail.owners[0]).toMatchObject({ kind: 'person', absentee: true, emails: ['john@example.com'] });
    expect(detail.owners[0].phones[0].e164).toBe('+13125550142');
    expect(detail.provenance.apn.source).toBe(`import:${created.id}`);
  });

  it('stacks a second list on the same houses spelled differently, keeping replaced values', async () => {
    const { view } = await importCsv('probate.csv', PROBATE_LIST, 'Probate', 'probate');
    expect(view).toMatchObject({ inserted: 1, merged: 1, rejected: 0 });
    const stacked = await get('/api/v1/properties?minStack=2');
    expect(stacked.total).toBe(1);
    expect(stacked.items[0]).toMatchObject({ apn: '001-100-01', stackCount: 2, distressTags: ['probate', 'tax_delinquent'] });
    const detail = await get(`/api/v1/properties/${stacked.items[0].id}`);
    expect(detail.fields.beds).toBe(4);
    expect(detail.history).toContainEqual(expect.objectContaining({ field: 'beds', value: '3.0' }));
    expect(detail.lists.map((l: { name: string }) => l.name).sort()).toEqual(['Probate', 'Tax delinquent']);
    // The owner from the second list joins the first; nothing was lost.
    expect(detail.owners.length).toBeGreaterThanOrEqual(1);
    expect((await get('/api/v1/properties?tag=probate')).total).toBe(2);
  });

  it('matches by APN a list that names no county, and one whose county is spelled in other case', async () => {
    const rolled = await importCsv('roll.csv', 'APN,County,Address,City,State,Zip\n777-1,Sangamon,1 Roll Rd,Springfield,IL,62707', 'Roll');
    expect(rolled.view).toMatchObject({ inserted: 1 });
    const noCounty = await importCsv(
      'lp.csv',
      'APN,Address,City,State,Zip\n777-1,1 Different Spelling Rd,Springfield,IL,62707',
      'Lis pendens',
      'pre_foreclosure',
    );
    expect(noCounty.view).toMatchObject({ inserted: 0, merged: 1 });
    const upper = await importCsv('tax2.csv', 'APN,County,Address\n777-1,SANGAMON,', 'Tax 2', 'tax_delinquent');
    expect(upper.view).toMatchObject({ inserted: 0, merged: 1 });
    const parcel = (await get('/api/v1/properties?q=777-1')).items[0];
    expect(parcel).toMatchObject({ stackCount: 3, distressTags: ['pre_foreclosure', 'tax_delinquent'] });
    // The roll gains a tag with its next import: the parcel already on it takes the tag without being imported again.
    const again = await importCsv('roll2.csv', 'APN,County,Address\n777-1,Sangamon,', 'Roll', 'vacant');
    expect(again.view).toMatchObject({ inserted: 0, merged: 1 });
    expect((await get('/api/v1/properties?q=777-1')).items[0]).toMatchObject({
      stackCount: 3,
      distressTags: ['pre_foreclosure', 'tax_delinquent', 'vacant'],
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await get('/api/v1/properties?limit=500');
    const { view } = await importCsv('tax.csv', TAX_LIST, 'Tax delinquent', 'tax_delinquent');
    expect(view).toMatchObject({ inserted: 0, merged: 0, unchanged: 3, rejected: 0 });
    expect(await get('/api/v1/properties?limit=500')).toEqual(before);
  });

  it('imports rows with junk values, leaving the values out with warnings, and rejects only rows without a property or with an impossible location', async () => {
    const own = await t.make.tenant();
    const ownAuth = { authorization: `Bearer ${await t.make.bearer(own.owner)}` };
    const ownGet = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: ownAuth })).json();
    const csv = [
      'Property Address,Property City,Property State,Property Zip,Year Built,Owner Name,Phone,Email,Assessed Value,Last Sale Date,Notes',
      '10 Good St,Springfield,IL,62701,1999,GOOD OWNER,(312) 555-0142,good@example.com,100000,2020-01-02,ok',
      '11 Bad Zip St,Springfield,IL,6270A,1999,,,,,,',
      '12 Future St,Springfield,IL,62701,3021,,,,,,',
      '13 Phone St,Springfield,IL,62701,1999,PHONE OWNER,(000) 000-0000,phone@example.com,,,',
      '14 Mail St,Springfield,IL,62701,1999,MAIL OWNER,,not-an-email,,,',
      '15 Value St,Springfield,IL,62701,1999,VALUE OWNER,,,-5000,2021-02-30,',
      '16 Huge St,Springfield,IL,62701,1999,,,,1e400,,',
      '17 Nul St,Springfield,IL,62701,1999,NUL\u0000 OWNER,,,,,lone \u0000 half',
      '20 Contact St,Springfield,IL,62701,2001,,(217) 555-0143,,,,',
      ',Springfield,IL,62701,1999,,,,,,',
      '=HYPERLINK("x"),Springfield,IL,62701,,,,,,,',
      '18 Far St,Toronto,Ontario,62701,1999,,,,,,',
      '19 Nowhere St,,,ABCDE,1999,,(312) 555-0142,,,,',
    ].join('\n');
    const runCsv = async () => {
      const upload = await uploadList(t.app, ownAuth.authorization.slice(7), { name: 'mixed.csv', content: csv }, { list: 'Mixed' });
      expect(upload.statusCode, upload.body).toBe(201);
      const { import: created, preview } = upload.json();
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/imports/${created.id}/mapping`,
        headers: ownAuth,
        payload: preview.proposal.mapping,
      });
      await runImport(t.runtime.db, own.id, created.id);
      return ownGet(`/api/v1/imports/${created.id}`);
    };
    const view = await runCsv();
    expect(view).toMatchObject({ status: 'completed', inserted: 9, rejected: 4, warnings: 7 });

    // The properties are there with their other fields; only the bad values are missing.
    const property = async (q: string) => {
      const found = await ownGet(`/api/v1/properties?q=${encodeURIComponent(q)}`);
      expect(found.total, q).toBe(1);
      return ownGet(`/api/v1/properties/${found.items[0].id}`);
    };
    const phone = await property('13 Phone St');
    expect(phone.owners).toEqual([expect.objectContaining({ name: 'Owner Phone', phones: [], emails: ['phone@example.com'] })]);
    expect(phone.fields.year_built).toBe(1999);
    const value = await property('15 Value St');
    expect(value.fields).toMatchObject({ assessed_value: null, last_sale_date: null, year_built: 1999, zip: '62701' });
    const zip = await property('11 Bad Zip St');
    expect(zip.fields).toMatchObject({ city: 'SPRINGFIELD', state: 'IL', zip: null });
    expect((await property('12 Future St')).fields.year_built).toBeNull();
    expect((await property('17 Nul St')).owners[0].name).toBe('Owner Nul');
    // A phone without an owner name is kept, with the unknown owner of that property.
    expect((await property('20 Contact St')).owners).toEqual([
      expect.objectContaining({ kind: 'unknown', name: 'Unknown owner', phones: [{ e164: '+12175550143', lineType: 'unknown' }] }),
    ]);

    const warnings = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${view.id}/warnings.csv`, headers: ownAuth });
    expect(warnings.statusCode).toBe(200);
    expect(warnings.headers['content-type']).toContain('text/csv');
    expect(warnings.headers['content-disposition']).toBe('attachment; filename="mixed-warnings.csv"');
    const warningLines = warnings.body.trim().split('\n');
    expect(warningLines[0]).toBe(
      'row,reasons,Property Address,Property City,Property State,Property Zip,Year Built,Owner Name,Phone,Email,Assessed Value,Last Sale Date,Notes',
    );
    expect(warningLines.slice(1).map((line) => line.split(',')[0])).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    expect(warningLines[1]).toBe('3,"bad ZIP code: ""6270A""",11 Bad Zip St,Springfield,IL,6270A,1999,,,,,,');
    expect(warnings.body).toContain('malformed phone ""(000) 000-0000"": phone is a placeholder (all digits the same)');
    expect(warnings.body).toContain('malformed email ""not-an-email""');
    expect(warnings.body).toContain('assessed value -5000 is out of range; last sale date is not a date: ""2021-02-30""');
    expect(warnings.body).toContain('assessed value is not a number: ""1e400""');
    const removed = 'removed NUL bytes or unpaired surrogates, which cannot be stored';
    expect(warningLines[7]).toBe(`9,"${removed}; ${removed}",17 Nul St,Springfield,IL,62701,1999,NUL OWNER,,,,,lone  half`);

    const rejects = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${view.id}/rejects.csv`, headers: ownAuth });
    const rejectLines = rejects.body.trim().split('\n');
    expect(rejectLines.slice(1).map((line) => line.split(',')[0])).toEqual(['11', '12', '13', '14']);
    expect(rejects.body).toContain('missing property address (and no APN)');
    expect(rejects.body).toContain('property address cannot be read');
    expect(rejects.body).toContain('impossible location: state ""Ontario"" is not a US state or territory');
    expect(rejects.body).toContain('impossible location: ZIP code ""ABCDE"" cannot be a ZIP code, and the row names no city or state');
    // A formula in a cell is neutralised in the download.
    expect(rejects.body).toContain(`"'=HYPERLINK(""x"")"`);

    // The same file again: every imported row unchanged, the same rows warned about and rejected.
    expect(await runCsv()).toMatchObject({ inserted: 0, merged: 0, unchanged: 9, rejected: 4, warnings: 7 });
  });

  it('imports a messy list in an unseen layout through reos import: every row naming a property becomes one, spellings merge, only the planted bad rows are rejected', async () => {
    const own = await t.make.tenant();
    const file = path.join(tmp, 'messy.csv');
    const truth = await generateMessyList(file, 3000);
    const result = await commands['import.run'](t.runtime, { file, tenant: own.slug, list: 'Messy county export' });
    expect(result).toMatchObject({ rows: 3000, rejected: truth.rejectedLines.length, warnings: truth.warnedRows });
    expect(truth.junkContactRows / truth.rows).toBeGreaterThan(0.03);
    const [counts] = await t.runtime.db.withTenant(own.id, (tx) =>
      tx.query<{ properties: number; rejected: number[] }>(
        `select (select count(*)::int from parcels) as properties,
                (select array_agg(row_number order by row_number) from import_rejects where import_id = $1) as rejected`,
        [result.importId],
      ),
    );
    expect(counts!.rejected).toEqual(truth.rejectedLines);
    expect(Math.abs(counts!.properties - truth.parcels)).toBeLessThanOrEqual(truth.parcels * 0.01);
  });

  it('refuses form fields with a NUL byte at upload', async () => {
    const response = await uploadList(t.app, token, { name: 'nul.csv', content: 'Address\n1 Nul Rd\n' }, { list: 'Bad\u0000list' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.requestId).toBeTruthy();
  });

  it('flags a look-alike address for review instead of merging it', async () => {
    await importCsv('a.csv', 'Address,City,State,Zip\n400 Maple Avenue,Springfield,IL,62704', 'Driving for dollars');
    const { id, view } = await importCsv(
      'b.csv',
      'Address,City,State,Zip,Last Sale Date,Last Sale Price,Owner Name\n400 Mapel Avenue,Springfield,IL,62704,2024-03-15,182000,Wanda Quillfeather',
      'Code violations',
    );
    expect(view).toMatchObject({ inserted: 1, review: 1 });
    const pending = (await get('/api/v1/look-alikes')).items.filter((c: { importId: string }) => c.importId === id);
    expect(pending).toHaveLength(1);
    expect(pending[0].similarity).toBeGreaterThanOrEqual(0.6);
    expect(pending[0].incoming.address).toBe('400 MAPEL AVE');
    expect(pending[0].existing.address).toBe('400 MAPLE AVE');

    const merge = await t.app.inject({
      method: 'POST',
      url: `/api/v1/look-alikes/${pending[0].id}`,
      headers: auth(),
      payload: { decision: 'merge' },
    });
    expect(merge.json()).toEqual({ decision: 'merge', propertyId: pending[0].existing.propertyId });
    // The owner that came with the look-alike is searchable on the property it merged into.
    expect((await get('/api/v1/properties?q=quillfeather')).items.map((p: { id: string }) => p.id)).toEqual([
      pending[0].existing.propertyId,
    ]);
    const merged = await get(`/api/v1/properties/${pending[0].existing.propertyId}`);
    expect(merged.lists.map((l: { name: string }) => l.name).sort()).toEqual(['Code violations', 'Driving for dollars']);
    expect(merged.fields.stack_count).toBe(2);
    // The look-alike's recorded sale (from its list's last-sale columns) is now the property's.
    const sales = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ parcel_id: string; sale_date: string; price: number }>(
        `select parcel_id, to_char(sale_date, 'YYYY-MM-DD') as sale_date, price::float8 as price from property_sales where sale_date = '2024-03-15'`,
      ),
    );
    expect(sales).toEqual([{ parcel_id: pending[0].existing.propertyId, sale_date: '2024-03-15', price: 182_000 }]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/properties/${pending[0].incoming.propertyId}`, headers: auth() })).statusCode,
    ).toBe(404);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/look-alikes/${pending[0].id}`,
      headers: auth(),
      payload: { decision: 'keep_apart' },
    });
    expect(again.statusCode).toBe(404);
  });

  it('reads Latin-1 and UTF-8 with BOM, blank and repeated headers', async () => {
    const latin1 = Buffer.from('Address,City,State,Zip,Owner Name\n1 Peña Ct,Springfield,IL,62701,JOSÉ PEÑA\n', 'latin1');
    const { view } = await importCsv('latin1.csv', latin1, 'Latin');
    expect(view).toMatchObject({ inserted: 1, rejected: 0 });
    for (const q of ['pena', 'Pe%C3%B1a']) {
      const found = await get(`/api/v1/properties?q=${q}`);
      expect(found.total, q).toBe(1);
      expect(found.items[0].ownerNames).toContain('Peña');
    }

    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Address,Zip,,Zip\n2 Bom Ct,62701,x,62701\n')]);
    const upload = await uploadList(t.app, token, { name: 'bom.csv', content: bom }, { list: 'BOM' });
    expect(upload.json().preview.headers).toEqual(['Address', 'Zip', 'Column 3', 'Zip (2)']);
  });

  it('refuses broken files with a clear error and writes nothing', async () => {
    const count = async () => (await get('/api/v1/properties?limit=1')).total as number;
    const before = await count();
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.csv', '', /empty/],
      ['binary.csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]), /binary/],
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /\.xls/],
      ['wide.csv', Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',') + '\n', /columns/],
      ['long.csv', 'Address\n' + 'x'.repeat(2 * 1024 * 1024) + '\n', /longer than/],
    ];
    for (const [name, content, message] of cases) {
      const response = await uploadList(t.app, token, { name, content }, { list: 'Broken' });
      expect(response.statusCode, name).toBe(400);
      expect(response.json().error.message, name).toMatch(message);
    }
    // Near the top, a quote that never closes is refused at upload; further down, the first
    // pass over the file finds it before any row is written.
    const short = await uploadList(t.app, token, { name: 'cut.csv', content: 'Address,Zip\n"1 Cut St,62701\n' }, { list: 'Broken' });
    expect(short.json().error.message).toMatch(/never closed/);
    const okRows = Array.from({ length: 20 }, (_, i) => `${i + 1} Ok St,Springfield,IL,62701`);
    const unclosed = ['Address,City,State,Zip', ...okRows, '"99 Broken St,Springfield,IL,62701', ''].join('\n');
    const upload = await uploadList(t.app, token, { name: 'unclosed.csv', content: unclosed }, { list: 'Broken' });
    expect(upload.statusCode).toBe(201);
    const { import: created, preview } = upload.json();
    await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${created.id}/mapping`, headers: auth(), payload: preview.proposal.mapping });
    await expect(runImport(t.runtime.db, tenant.id, created.id)).rejects.toThrow(/never closed/);
    expect(await get(`/api/v1/imports/${created.id}`)).toMatchObject({
      status: 'failed',
      rowsDone: 0,
      error: expect.stringMatching(/never closed/),
    });
    expect(await count()).toBe(before);
  });

  it('reads the chosen sheet of a workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['nothing to import here']);
    const sheet = workbook.addWorksheet('Leads');
    sheet.addRow(['Address', 'City', 'State', 'Zip', 'Last Sale Date']);
    sheet.addRow(['31 Sheet St', 'Springfield', 'IL', '62701', new Date(Date.UTC(2019, 4, 17))]);
    sheet.addRow(['32 Sheet St', 'Springfield', 'IL', 62701, '5/17/2019']);
    const file = path.join(tmp, 'leads.xlsx');
    await workbook.xlsx.writeFile(file);
    const upload = await uploadList(
      t.app,
      token,
      { name: 'leads.xlsx', content: fs.readFileSync(file) },
      { list: 'Workbook', sheet: 'Leads' },
    );
    expect(upload.statusCode, upload.body).toBe(201);
    const { import: created, preview } = upload.json();
    expect(created.format).toBe('xlsx');
    expect(preview.headers).toEqual(['Address', 'City', 'State', 'Zip', 'Last Sale Date']);
    await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${created.id}/mapping`, headers: auth(), payload: preview.proposal.mapping });
    await runImport(t.runtime.db, tenant.id, created.id);
    expect(await get(`/api/v1/imports/${created.id}`)).toMatchObject({ inserted: 2, rejected: 0 });
    const missing = await uploadList(
      t.app,
      token,
      { name: 'leads.xlsx', content: fs.readFileSync(file) },
      { list: 'Workbook', sheet: 'Nope' },
    );
    expect(missing.json().error.message).toMatch(/no sheet named "Nope"/);
  });

  it('resumes after a crash without duplicating anything', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${1000 + i} Resume Rd,Springfield,IL,62705`);
    const csv = ['Address,City,State,Zip', ...rows].join('\n');
    const upload = await uploadList(t.app, token, { name: 'big.csv', content: csv }, { list: 'Resume' });
    const { import: created, preview } = upload.json();
    await t.app.inject({ method: 'PUT', url: `/api/v1/imports/${created.id}/mapping`, headers: auth(), payload: preview.proposal.mapping });
    // The process dies right after the first batch (2,000 rows) is written.
    await expect(
      runImport(t.runtime.db, tenant.id, created.id, (progress) => {
        if (progress.rowsDone > 0) throw new Error('process killed');
      }),
    ).rejects.toThrow('process killed');
    const halfway = await get(`/api/v1/imports/${created.id}`);
    expect(halfway).toMatchObject({ status: 'failed', rowsDone: 2000, inserted: 2000 });
    await runImport(t.runtime.db, tenant.id, created.id);
    expect(await get(`/api/v1/imports/${created.id}`)).toMatchObject({ status: 'completed', rowsDone: 2500, inserted: 2500 });
    const list = (await get('/api/v1/lists')).items.find((l: { name: string }) => l.name === 'Resume');
    expect(list.properties).toBe(2500);
    // Past a thousand the list's total is an estimate; the export counts every row.
    expect(await get(`/api/v1/properties?list=${list.id}&limit=1`)).toMatchObject({ totalExact: false });
    const exported = await t.app.inject({ method: 'GET', url: `/api/v1/properties.csv?list=${list.id}`, headers: auth() });
    expect(exported.body.trim().split('\n')).toHaveLength(2500 + 1);
  });

  it('filters, searches and exports exactly the current filter', async () => {
    const absentee = await get('/api/v1/properties?absentee=true&limit=500');
    expect(absentee.items.every((p: { apn: string | null }) => p.apn === '001-100-01' || p.apn === '001-100-02')).toBe(true);
    const entities = await get('/api/v1/properties?ownerType=entity');
    expect(entities.items.map((p: { apn: string }) => p.apn)).toEqual(['001-100-02']);
    expect((await get('/api/v1/properties?q=acme')).total).toBe(1);
    // Typed as people write it, matched in USPS form.
    expect((await get('/api/v1/properties?q=123%20north%20main%20street')).items.map((p: { apn: string }) => p.apn)).toEqual([
      '001-100-01',
    ]);
    const [inZip] = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ parcels: number }>(`select count(*)::int as parcels from parcels where zip = '62705'`),
    );
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/properties.csv?zip=62705', headers: auth() });
    expect(csv.body.trim().split('\n')).toHaveLength(inZip!.parcels + 1);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/properties?zip=abc&sort=nope', headers: auth() });
    expect(bad.statusCode).toBe(400);
  });
});
