import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTrash, purgeDeletedProperties, readForeignKeys, type ForeignKey } from '../../src/modules/properties/delete-property.js';
import { openFileStorage } from '../../src/platform/storage/open-storage.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant } from '../support/test-app.js';

describe.skipIf(skipDatabase())('property trash', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let token: string;
  let viewer: string;
  let other: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-trash-'));
  const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${who}` }, ...(payload ? { payload } : {}) });
  const sql = <R extends object = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    t.runtime.db.withTenant(tenant.id, (tx) => tx.query<R>(text, params));
  /** Rows of a query that returns at least one. */
  const sqlRows = async <R extends object>(text: string, params: unknown[] = []) => (await sql<R>(text, params)) as [R, ...R[]];

  let address = 0;
  async function property(fields: object = {}): Promise<string> {
    address++;
    const created = await call(token, 'POST', '/properties', { address: `${100 + address} Trash Way, Springfield, IL 62704`, fields });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }

  async function attach(propertyId: string, text: string) {
    const boundary = 'trash-boundary';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload:
        `--${boundary}\r\ncontent-disposition: form-data; name="propertyId"\r\n\r\n${propertyId}\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="inspection.txt"\r\ncontent-type: text/plain\r\n\r\n` +
        `${text}\r\n--${boundary}--\r\n`,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string };
  }

  /** A property with a row in as many of the tables that reference parcels as the API and a few inserts reach. */
  async function busyProperty() {
    const id = await property({ yearBuilt: 1960, marketValue: 200000 });
    const neighbour = await property();
    expect((await call(token, 'PATCH', `/properties/${id}`, { yearBuilt: 1961 })).statusCode).toBe(200);
    const [shared] = await sql<{ id: string }>(
      `insert into owners (kind, display_name, name_key, mailing_line1, mailing_key) values ('person', 'Pat Shared', $1, '9 Far Rd', 'far-away') returning id`,
      [`pat-${id}`],
    );
    const [own] = await sql<{ id: string }>(
      `insert into owners (kind, display_name, name_key) values ('person', 'Quinn Alone', $1) returning id`,
      [`quinn-${id}`],
    );
    await sql(`insert into parcel_owners (parcel_id, owner_id, source) values ($1, $2, 'test'), ($1, $3, 'test'), ($4, $2, 'test')`, [
      id,
      shared!.id,
      own!.id,
      neighbour,
    ]);
    await sql(`insert into owner_phones (owner_id, e164, source) values ($1, '+12175550123', 'test')`, [own!.id]);
    const [list] = await sql<{ id: string }>(`insert into lists (name, tags) values ($1, '{tax_delinquent}') returning id`, [`List ${id}`]);
    await sql(`insert into list_memberships (list_id, parcel_id) values ($1, $2), ($1, $3)`, [list!.id, id, neighbour]);
    await sql(`insert into parcel_scores (parcel_id, score, stack_score, reasons) values ($1, 77, 40, '[]')`, [id]);
    await sql(`select refresh_parcel_search($1::uuid[])`, [[id, neighbour]]);
    expect((await call(token, 'PUT', `/properties/${id}/repairs`, { preset: null, amount: 15000 })).statusCode).toBe(200);
    expect((await call(token, 'PUT', `/properties/${id}/outcome`, { outcome: 'contacted' })).statusCode).toBeLessThan(300);
    const lead = await call(token, 'POST', `/properties/${id}/lead`, { source: 'mailer' });
    expect(lead.statusCode, lead.body).toBeLessThan(300);
    expect((await call(token, 'POST', '/notes', { body: 'Roof is old', propertyId: id })).statusCode).toBe(201);
    expect((await call(token, 'POST', '/calls', { direction: 'outbound', outcome: 'voicemail', propertyId: id })).statusCode).toBe(201);
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    expect((await call(token, 'POST', '/tasks', { title: 'Drive by', dueAt, propertyId: id })).statusCode).toBe(201);
    const attachment = await attach(id, 'the inspection');
    return { id, neighbour, sharedOwner: shared!.id, ownOwner: own!.id, listId: list!.id, leadId: lead.json().id as string, attachment };
  }

  /** Rows per table the trash keeps (and leads, which a delete unlinks), across the tenant. */
  async function tableCounts(): Promise<Record<string, number>> {
    const plan = planTrash(await t.runtime.db.withTenant(tenant.id, readForeignKeys));
    const counts: Record<string, number> = {};
    for (const table of [...plan.removed.map((r) => r.table), 'leads', 'owners']) {
      const [row] = await sql<{ n: number }>(`select count(*)::int as n from ${table}`);
      counts[table] = row!.n;
    }
    const [linked] = await sql<{ n: number }>('select count(*)::int as n from leads where parcel_id is not null');
    counts['leads linked'] = linked!.n;
    return counts;
  }

  beforeAll(async () => {
    t = await createTestApp({ dataDir });
    tenant = await t.make.tenant('Trash Realty');
    token = await t.make.bearer(tenant.owner, tenant.slug);
    viewer = await t.make.bearer(await t.make.user(tenant, 'viewer'), tenant.slug);
    const stranger = await t.make.tenant('Other Realty');
    other = await t.make.bearer(stranger.owner, stranger.slug);
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every table that references parcels, at any depth, and refuses a key it could not undo', async () => {
    const foreignKeys = await t.runtime.db.withTenant(tenant.id, readForeignKeys);
    const plan = planTrash(foreignKeys);
    const removed = plan.removed.map((r) => r.table);
    expect(removed[0]).toBe('parcels');
    for (const fk of foreignKeys.filter((key) => key.parent === 'parcels')) {
      if (fk.action === 'cascade') expect(removed, `${fk.table}.${fk.columns.join(',')}`).toContain(fk.table);
      else expect(plan.unlinked, `${fk.table}.${fk.columns.join(',')}`).toContainEqual(fk);
    }
    // Second level: a deal's offers go with the deal, after it.
    expect(removed.indexOf('deal_offers')).toBeGreaterThan(removed.indexOf('deals'));
    expect(removed.indexOf('notes')).toBeGreaterThan(removed.indexOf('deals'));
    const restrict: ForeignKey = {
      table: 'future_things',
      parent: 'parcels',
      columns: ['parcel_id'],
      parentColumns: ['id'],
      action: 'restrict',
      setColumns: ['parcel_id'],
    };
    expect(() => planTrash([...foreignKeys, restrict])).toThrow(/future_things references parcels on delete restrict/);
  });

  it('deletes a property into the trash and restores it with every row it had', async () => {
    const busy = await busyProperty();
    // Every row that points at the parcel, table by table, must be in the snapshot.
    const foreignKeys = await t.runtime.db.withTenant(tenant.id, readForeignKeys);
    const pointing: Record<string, number> = {};
    for (const fk of foreignKeys.filter((key) => key.parent === 'parcels' && key.action === 'cascade')) {
      const [row] = await sql<{ n: number }>(`select count(*)::int as n from ${fk.table} where ${fk.columns.at(-1)} = $1`, [busy.id]);
      pointing[fk.table] = (pointing[fk.table] ?? 0) + row!.n;
    }
    for (const table of [
      'parcel_owners',
      'list_memberships',
      'parcel_scores',
      'parcel_repairs',
      'parcel_outcomes',
      'parcel_field_values',
    ]) {
      expect(pointing[table], table).toBeGreaterThan(0);
    }
    for (const table of ['notes', 'calls', 'tasks', 'attachments']) expect(pointing[table], table).toBeGreaterThan(0);
    const before = await tableCounts();
    const page = (await call(token, 'GET', '/properties?limit=500')).json();
    const [{ count: searchBefore }] = await sqlRows<{ count: number }>(
      `select count(*)::int as count from parcels where search_vector @@ to_tsquery('simple', 'quinn')`,
    );

    const deleted = await call(token, 'DELETE', `/properties/${busy.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(deleted.body).toBe('');
    const [trashed] = await sql<{ snapshot: { rows: Record<string, unknown[]> } }>(
      'select snapshot from deleted_properties where id = $1',
      [busy.id],
    );
    for (const [table, n] of Object.entries(pointing)) expect(trashed!.snapshot.rows[table]?.length ?? 0, table).toBeGreaterThanOrEqual(n);

    expect((await call(token, 'GET', `/properties/${busy.id}`)).statusCode).toBe(404);
    const after = (await call(token, 'GET', '/properties?limit=500')).json();
    expect(after.items.map((p: { id: string }) => p.id)).not.toContain(busy.id);
    expect(after.total).toBe(page.total - 1);
    expect((await call(token, 'GET', '/properties?q=quinn')).json().items).toEqual([]);
    const [lead] = await sql<{ parcel_id: string | null }>('select parcel_id from leads where id = $1', [busy.leadId]);
    expect(lead!.parcel_id).toBeNull();
    // Owners are not removed by the delete: the shared one keeps its other property.
    const owners = await sql<{ id: string }>('select id from owners where id = any($1::uuid[])', [[busy.sharedOwner, busy.ownOwner]]);
    expect(owners).toHaveLength(2);
    const neighbour = (await call(token, 'GET', `/properties/${busy.neighbour}`)).json();
    expect(neighbour.owners.map((o: { name: string }) => o.name)).toEqual(['Pat Shared']);
    const [{ properties: onList }] = await sqlRows<{ properties: number }>(
      'select count(*)::int as properties from list_memberships where list_id = $1',
      [busy.listId],
    );
    expect(onList).toBe(1);

    const trash = (await call(viewer, 'GET', '/deleted-properties')).json();
    expect(trash.items[0]).toMatchObject({ id: busy.id, address: expect.stringMatching(/TRASH WAY/), city: 'SPRINGFIELD', zip: '62704' });
    expect(trash.items[0].deletedBy).toBe(tenant.owner.email);
    expect(Date.parse(trash.items[0].purgeAfter) - Date.parse(trash.items[0].deletedAt)).toBe(30 * 86_400_000);

    const restored = await call(token, 'POST', `/deleted-properties/${busy.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ id: busy.id, fields: { year_built: 1961 }, score: expect.objectContaining({ score: 77 }) });
    expect(restored.json().owners.map((o: { name: string }) => o.name)).toEqual(['Pat Shared', 'Quinn Alone']);
    expect(restored.json().owners.find((o: { name: string }) => o.name === 'Quinn Alone').phones).toHaveLength(1);
    expect(restored.json().lists.map((l: { id: string }) => l.id)).toEqual([busy.listId]);
    expect(restored.json().history.map((h: { field: string }) => h.field)).toContain('year_built');
    expect(await tableCounts()).toEqual(before);
    const [relinked] = await sql<{ parcel_id: string | null }>('select parcel_id from leads where id = $1', [busy.leadId]);
    expect(relinked!.parcel_id).toBe(busy.id);
    const [parcel] = await sql<{ absentee: boolean | null; stack_count: number; distress_tags: string[] }>(
      'select absentee, stack_count, distress_tags from parcels where id = $1',
      [busy.id],
    );
    expect(parcel).toEqual({ absentee: true, stack_count: 1, distress_tags: ['tax_delinquent'] });
    const [{ count: searchAfter }] = await sqlRows<{ count: number }>(
      `select count(*)::int as count from parcels where search_vector @@ to_tsquery('simple', 'quinn')`,
    );
    expect(searchAfter).toBe(searchBefore);
    expect((await call(token, 'GET', '/properties?q=quinn')).json().items.map((p: { id: string }) => p.id)).toEqual([busy.id]);
    expect((await call(token, 'GET', '/properties?limit=500')).json().total).toBe(page.total);
    const file = await call(token, 'GET', `/attachments/${busy.attachment.id}/content`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('the inspection');
    expect((await call(token, 'GET', '/deleted-properties')).json().items).toEqual([]);
    const audit = (await call(token, 'GET', `/audit-events?entityType=property&entityId=${busy.id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['property.restored', 'property.deleted']);
    const [events] = await t.runtime.db.asOwner((tx) =>
      tx.query<{ kinds: string[] }>(`select array_agg(type order by id) as kinds from outbox_events where payload->>'propertyId' = $1`, [
        busy.id,
      ]),
    );
    expect(events!.kinds).toEqual(expect.arrayContaining(['property.deleted', 'property.restored']));
  });

  it('refuses to delete a property with deals, naming how many', async () => {
    const id = await property();
    expect((await call(token, 'POST', '/deals', { propertyId: id })).statusCode).toBe(201);
    const refused = await call(token, 'DELETE', `/properties/${id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/1 deal/), details: { deals: 1 } });
    expect((await call(token, 'GET', `/properties/${id}`)).statusCode).toBe(200);
  });

  it('refuses to restore when the address is a property again, naming it', async () => {
    const id = await property();
    const { fields } = (await call(token, 'GET', `/properties/${id}`)).json();
    expect((await call(token, 'DELETE', `/properties/${id}`)).statusCode).toBe(204);
    const again = await call(token, 'POST', '/properties', {
      address: fields.address_line1,
      city: 'Springfield',
      state: 'IL',
      zip: '62704',
    });
    expect(again.statusCode, again.body).toBe(201);
    const refused = await call(token, 'POST', `/deleted-properties/${id}/restore`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual({ propertyId: again.json().id });
    expect((await call(token, 'GET', `/properties/${id}`)).statusCode).toBe(404);
  });

  it('lets viewers see the trash but neither delete nor restore; other teams get 404; unknown ids 404', async () => {
    const id = await property();
    expect((await call(viewer, 'DELETE', `/properties/${id}`)).statusCode).toBe(403);
    expect((await call(other, 'DELETE', `/properties/${id}`)).statusCode).toBe(404);
    expect((await call(token, 'DELETE', `/properties/${id}`)).statusCode).toBe(204);
    expect((await call(token, 'DELETE', `/properties/${id}`)).statusCode).toBe(404);
    expect((await call(viewer, 'POST', `/deleted-properties/${id}/restore`)).statusCode).toBe(403);
    expect((await call(other, 'POST', `/deleted-properties/${id}/restore`)).statusCode).toBe(404);
    expect((await call(other, 'GET', '/deleted-properties')).json().items).toEqual([]);
    const unknown = await call(token, 'POST', '/deleted-properties/00000000-0000-4000-8000-000000000000/restore');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    expect((await call(token, 'GET', '/deleted-properties?cursor=nonsense')).statusCode).toBe(400);
    expect((await call(token, 'POST', `/deleted-properties/${id}/restore`)).statusCode).toBe(200);
  });

  it('pages the trash newest first by cursor', async () => {
    const ids = [await property(), await property(), await property()];
    for (const id of ids) expect((await call(token, 'DELETE', `/properties/${id}`)).statusCode).toBe(204);
    const first = (await call(token, 'GET', '/deleted-properties?limit=2')).json();
    expect(first.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    const second = (await call(token, 'GET', `/deleted-properties?limit=2&cursor=${first.nextCursor}`)).json();
    // The trash of the tests before follows.
    expect(second.items[0].id).toBe(ids[0]);
    for (const id of ids) expect((await call(token, 'POST', `/deleted-properties/${id}/restore`)).statusCode).toBe(200);
  });

  it('purges the trash past its date with its files, and keeps the rest', async () => {
    const storage = openFileStorage(t.runtime.config);
    const expired = await property();
    const { id: attachmentId } = await attach(expired, 'to be purged');
    const [{ storage_key: key }] = await sqlRows<{ storage_key: string }>('select storage_key from attachments where id = $1', [
      attachmentId,
    ]);
    const kept = await property();
    expect((await call(token, 'DELETE', `/properties/${expired}`)).statusCode).toBe(204);
    expect((await call(token, 'DELETE', `/properties/${kept}`)).statusCode).toBe(204);
    // In the trash the file stays: a restore would bring the attachment back.
    expect(await purgeDeletedProperties(t.runtime.db, storage)).toBe(0);
    const file = await storage.get(key);
    expect(file).toBeDefined();
    file!.body.destroy();
    await sql(`update deleted_properties set purge_after = now() - interval '1 minute' where id = $1`, [expired]);
    expect(await purgeDeletedProperties(t.runtime.db, storage)).toBe(1);
    expect(await storage.get(key)).toBeUndefined();
    const trash = (await call(token, 'GET', '/deleted-properties')).json();
    expect(trash.items.map((p: { id: string }) => p.id)).toContain(kept);
    expect(trash.items.map((p: { id: string }) => p.id)).not.toContain(expired);
    expect((await call(token, 'POST', `/deleted-properties/${expired}/restore`)).statusCode).toBe(404);
  });
});
