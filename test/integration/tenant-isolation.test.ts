import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runImport } from '../../src/modules/imports/run-import.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant, type TestUser } from '../support/test-app.js';
import { uploadList } from '../support/upload.js';

interface World {
  tenant: TestTenant;
  member: TestUser;
  ownerToken: string;
  adminKey: string;
  apiKeyId: string;
  invitationId: string;
  sessionId: string;
  importId: string;
  propertyId: string;
  listId: string;
  leadId: string;
  lookAlikeId: string;
  modelId: string;
  dealId: string;
  offerId: string;
  contactId: string;
  taskId: string;
  pipelineId: string;
  attachmentId: string;
  deletedPropertyId: string;
  savedViewId: string;
  buyerId: string;
}

/**
 * Tenant A's user and API key try every route with tenant B's ids. Row-level
 * security must make B's rows not exist for A: 404, never 403 or data.
 */
describe.skipIf(skipDatabase())('tenant isolation', () => {
  let t: TestApp;
  let a: World;
  let b: World;

  async function world(): Promise<World> {
    const tenant = await t.make.tenant();
    const member = await t.make.user(tenant, 'member');
    const pair = await t.make.login(tenant.owner);
    const auth = { authorization: `Bearer ${pair.accessToken}` };
    const key = (
      await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: auth, payload: { name: 'integration', role: 'admin' } })
    ).json();
    const invitation = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations',
        headers: auth,
        payload: { email: `invitee-${tenant.slug}@example.test`, role: 'member' },
      })
    ).json();
    const sessions = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: auth })).json();
    const upload = (
      await uploadList(
        t.app,
        pair.accessToken,
        {
          name: 'list.csv',
          content: `Address,City,State,Zip,Owner Name\n1 ${tenant.slug} Way,Springfield,IL,62701,OWNER ${tenant.slug}\n`,
        },
        { list: `List ${tenant.slug}` },
      )
    ).json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${upload.import.id}/mapping`,
      headers: auth,
      payload: upload.preview.proposal.mapping,
    });
    await runImport(t.runtime.db, tenant.id, upload.import.id);
    const property = (await t.app.inject({ method: 'GET', url: '/api/v1/properties', headers: auth })).json().items[0];
    const similar = (
      await uploadList(
        t.app,
        pair.accessToken,
        { name: 'similar.csv', content: `Address,City,State,Zip\n1 ${tenant.slug}x Way,Springfield,IL,62701\n` },
        { list: `Similar ${tenant.slug}` },
      )
    ).json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/imports/${similar.import.id}/mapping`,
      headers: auth,
      payload: similar.preview.proposal.mapping,
    });
    await runImport(t.runtime.db, tenant.id, similar.import.id);
    const lookAlike = (await t.app.inject({ method: 'GET', url: '/api/v1/look-alikes', headers: auth })).json().items[0];
    const lead = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/leads',
        headers: auth,
        payload: {
          source: 'isolation',
          name: `Lead ${tenant.slug}`,
          email: `lead@${tenant.slug}.test`,
          address: '9 Lead Ln',
          zip: '62701',
        },
      })
    ).json();
    const [model] = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ id: string }>(
        `insert into models (kind, version, status, algorithm, features, params, artifact, metrics, training_rows)
         values ('motivation', 1, 'candidate', 'gbt', '{}', '{}', '{"objective": "binary", "baseScore": 0, "features": [], "trees": []}', '{}', 0) returning id`,
      ),
    );
    const call = async (url: string, payload: object) =>
      (await t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: auth, payload })).json() as { id: string };
    const deal = await call('/deals', { propertyId: property.id });
    const offer = await call(`/deals/${deal.id}/offers`, { amount: 50000 });
    const contact = await call(`/deals/${deal.id}/contacts`, { role: 'agent', name: 'Agent Smith' });
    const task = await call('/tasks', { title: 'Call', dueAt: new Date().toISOString(), dealId: deal.id });
    const pipeline = await call('/pipelines', { name: 'Isolated', stages: [{ name: 'Only', probability: 10 }] });
    const savedView = await call('/saved-views', { screen: 'deals', name: 'Isolated view', scope: 'shared', layout: 'board' });
    const buyer = await call('/buyers', { name: `Buyer of ${tenant.slug}` });
    const trashed = await call('/properties', { address: `7 ${tenant.slug} Trash Ct, Springfield, IL 62701` });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/properties/${trashed.id}`, headers: auth });
    const boundary = 'isolation-boundary';
    const attachment = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/attachments',
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload:
          `--${boundary}\r\ncontent-disposition: form-data; name="dealId"\r\n\r\n${deal.id}\r\n` +
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="notes.txt"\r\ncontent-type: text/plain\r\n\r\n` +
          `private notes of ${tenant.slug}\r\n--${boundary}--\r\n`,
      })
    ).json() as { id: string };
    return {
      tenant,
      member,
      dealId: deal.id,
      offerId: offer.id,
      contactId: contact.id,
      taskId: task.id,
      pipelineId: pipeline.id,
      attachmentId: attachment.id,
      deletedPropertyId: trashed.id,
      savedViewId: savedView.id,
      buyerId: buyer.id,
      ownerToken: pair.accessToken,
      adminKey: key.key,
      apiKeyId: key.id,
      invitationId: invitation.id,
      sessionId: sessions.items.find((s: { current: boolean }) => s.current).id,
      importId: upload.import.id,
      propertyId: property.id,
      listId: upload.import.listId,
      leadId: lead.id,
      lookAlikeId: lookAlike.id,
      modelId: model!.id,
    };
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-isolation-'));

  beforeAll(async () => {
    t = await createTestApp({ dataDir });
    a = await world();
    b = await world();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Which of B's ids to try on each route with an {id}; a new route must be added here. */
  const idFor = (path: string): string => {
    if (path.startsWith('/api/v1/users/')) return b.member.id;
    if (path.startsWith('/api/v1/api-keys/')) return b.apiKeyId;
    if (path.startsWith('/api/v1/invitations/')) return b.invitationId;
    if (path.startsWith('/api/v1/auth/sessions/')) return b.sessionId;
    if (path.startsWith('/api/v1/imports/')) return b.importId;
    if (path.startsWith('/api/v1/properties/')) return b.propertyId;
    if (path.startsWith('/api/v1/look-alikes/')) return b.lookAlikeId;
    if (path.startsWith('/api/v1/scoring/models/')) return b.modelId;
    if (path.startsWith('/api/v1/deals/')) return b.dealId;
    if (path.startsWith('/api/v1/tasks/')) return b.taskId;
    if (path.startsWith('/api/v1/pipelines/')) return b.pipelineId;
    if (path.startsWith('/api/v1/attachments/')) return b.attachmentId;
    if (path.startsWith('/api/v1/deleted-properties/')) return b.deletedPropertyId;
    if (path.startsWith('/api/v1/leads/')) return b.leadId;
    if (path.startsWith('/api/v1/saved-views/')) return b.savedViewId;
    if (path.startsWith('/api/v1/buyers/')) return b.buyerId;
    throw new Error(`tenant-isolation test does not know which foreign id to try on ${path}: add it`);
  };

  const bodies: Record<string, object> = {
    PATCH: { role: 'viewer' },
    PUT: { headerRow: 1, columns: { Address: 'situs_address' } },
    POST: { decision: 'merge' },
  };
  const bodiesByRoute: Record<string, object> = {
    '/outcome': { outcome: 'won' },
    '/repairs': { preset: null, amount: 1 },
    '/deals/{id}': { title: 'Taken over' },
    '/offers': { amount: 1 },
    '/offers/{offerId}': { status: 'withdrawn' },
    '/contacts': { role: 'other', name: 'Intruder' },
    '/tasks/{id}': { done: true },
    '/pipelines/{id}': { name: 'Taken over' },
    '/saved-views/{id}': { name: 'Taken over' },
    '/leads/{id}': { status: 'dead', deadReason: 'taken over' },
    '/properties/{id}/lead': { source: 'intruder' },
    '/properties/{id}': { beds: 9 },
    '/buyers/{id}': { name: 'Taken over' },
    '/buyer-matches/export': { minScore: 0 },
  };
  const bodyFor = (method: string, path: string) =>
    Object.entries(bodiesByRoute).find(([suffix]) => path.endsWith(suffix))?.[1] ?? bodies[method];

  it('answers 404 on every route with an id of another tenant, for users and API keys', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([path]) => path.includes('{id}'));
    expect(routes.length).toBeGreaterThanOrEqual(4);
    let tried = 0;
    for (const [path, operations] of routes) {
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        // Sub-resources are tried with the other tenant's ids too.
        const url = path.replace('{id}', idFor(path)).replace('{offerId}', b.offerId).replace('{contactId}', b.contactId);
        for (const [who, credential] of [
          ['user', a.ownerToken],
          ['api key', a.adminKey],
        ] as const) {
          const response = await t.app.inject({
            method: method as 'GET',
            url,
            headers: { authorization: `Bearer ${credential}` },
            payload: bodyFor(method, path),
          });
          const label = `${who} ${method} ${path}`;
          if (who === 'api key' && path.startsWith('/api/v1/auth/sessions/')) {
            // Sessions belong to users: an API key is refused whatever the id, so nothing is revealed.
            expect(response.statusCode, label).toBe(403);
          } else {
            expect(response.statusCode, label).toBe(404);
            expect(response.json().error.code, label).toBe('not_found');
          }
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(10);
  });

  it('left every row of the other tenant as it was', async () => {
    const bAuth = { authorization: `Bearer ${b.ownerToken}` };
    const member = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${b.member.id}`, headers: bAuth })).json();
    expect(member.role).toBe('member');
    const keys = (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: bAuth })).json();
    expect(keys.items.find((k: { id: string }) => k.id === b.apiKeyId).revokedAt).toBeNull();
    const invitations = (await t.app.inject({ method: 'GET', url: '/api/v1/invitations', headers: bAuth })).json();
    expect(invitations.items.find((i: { id: string }) => i.id === b.invitationId).status).toBe('pending');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/imports/${b.importId}`, headers: bAuth })).json().status).toBe('completed');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/properties/${b.propertyId}`, headers: bAuth })).statusCode).toBe(200);
    const trash = (await t.app.inject({ method: 'GET', url: '/api/v1/deleted-properties', headers: bAuth })).json();
    expect(trash.items.map((p: { id: string }) => p.id)).toEqual([b.deletedPropertyId]);
    const stillPending = (await t.app.inject({ method: 'GET', url: '/api/v1/look-alikes', headers: bAuth })).json().items;
    expect(stillPending.map((c: { id: string }) => c.id)).toContain(b.lookAlikeId);
    // A's filter by B's list finds nothing.
    const byForeignList = await t.app.inject({
      method: 'GET',
      url: `/api/v1/properties?list=${b.listId}`,
      headers: { authorization: `Bearer ${a.ownerToken}` },
    });
    expect(byForeignList.json().total).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bAuth })).statusCode).toBe(200);
    const deal = (await t.app.inject({ method: 'GET', url: `/api/v1/deals/${b.dealId}`, headers: bAuth })).json();
    expect(deal.title).not.toBe('Taken over');
    expect(deal.offers.map((o: { status: string }) => o.status)).toEqual(['draft']);
    expect(deal.contacts.map((c: { name: string }) => c.name)).not.toContain('Intruder');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/tasks/${b.taskId}`, headers: bAuth })).json().done).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/pipelines/${b.pipelineId}`, headers: bAuth })).json().name).toBe('Isolated');
    const views = (await t.app.inject({ method: 'GET', url: '/api/v1/saved-views?screen=deals', headers: bAuth })).json();
    expect(views.items.map((view: { name: string }) => view.name)).toEqual(['Isolated view']);
  });

  it('lists only its own rows on every list route', async () => {
    const foreign = [
      b.tenant.id,
      b.member.id,
      b.member.email,
      b.tenant.owner.email,
      b.apiKeyId,
      b.invitationId,
      b.sessionId,
      b.importId,
      b.propertyId,
      b.listId,
      b.leadId,
      b.lookAlikeId,
      b.dealId,
      b.taskId,
      b.pipelineId,
      b.savedViewId,
      b.buyerId,
      b.tenant.slug,
    ];
    for (const credential of [a.ownerToken, a.adminKey]) {
      for (const url of [
        '/api/v1/users',
        '/api/v1/api-keys',
        '/api/v1/invitations',
        '/api/v1/audit-events?limit=200',
        '/api/v1/me',
        '/api/v1/imports',
        '/api/v1/lists',
        '/api/v1/properties?limit=500',
        '/api/v1/properties.csv',
        '/api/v1/leads',
        '/api/v1/look-alikes?status=all',
        '/api/v1/pipelines',
        '/api/v1/deals?limit=200',
        '/api/v1/deals.csv',
        '/api/v1/tasks?limit=200',
        '/api/v1/saved-views?screen=deals',
      ]) {
        const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${credential}` } });
        expect(response.statusCode, url).toBe(200);
        for (const id of foreign) expect(response.body, `${url} leaks ${id}`).not.toContain(id);
      }
    }
    const asA = { authorization: `Bearer ${a.ownerToken}` };
    for (const query of [`dealId=${b.dealId}`, `propertyId=${b.propertyId}`, `leadId=${b.leadId}`]) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/timeline?${query}`, headers: asA })).statusCode, query).toBe(404);
      for (const list of ['notes', 'calls', 'attachments']) {
        const response = await t.app.inject({ method: 'GET', url: `/api/v1/${list}?${query}`, headers: asA });
        expect(response.json().items, `${list}?${query}`).toEqual([]);
      }
    }
    const users = (
      await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${a.ownerToken}` } })
    ).json();
    expect(users.items.map((u: { id: string }) => u.id).sort()).toEqual([a.tenant.owner.id, a.member.id].sort());
  });

  async function tenantTables(): Promise<string[]> {
    const rows = await t.runtime.db.asOwner((tx) =>
      tx.query<{ table_name: string }>(
        `select table_name from information_schema.columns
          where table_schema = 'public' and column_name = 'tenant_id' order by table_name`,
      ),
    );
    return rows.map((r) => r.table_name);
  }

  it('a raw SELECT inside withTenant(A) sees no row of B in any tenant table', async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(expect.arrayContaining(['memberships', 'api_keys', 'invitations', 'audit_events', 'idempotency_keys']));
    for (const table of tables.filter((name) => name !== 'outbox_events')) {
      const counts = await t.runtime.db.withTenant(a.tenant.id, (tx) =>
        tx.query<{ mine: number; theirs: number; total: number }>(
          `select count(*) filter (where tenant_id = $1)::int as mine, count(*) filter (where tenant_id = $2)::int as theirs, count(*)::int as total from ${table}`,
          [a.tenant.id, b.tenant.id],
        ),
      );
      expect(counts[0]!.theirs, table).toBe(0);
      expect(counts[0]!.total, table).toBe(counts[0]!.mine);
    }
    // The outbox is append-only for tenants: not even their own events can be read back.
    await expect(t.runtime.db.withTenant(a.tenant.id, (tx) => tx.query('select * from outbox_events'))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('cannot write a row into another tenant', async () => {
    await expect(
      t.runtime.db.withTenant(a.tenant.id, (tx) =>
        tx.query(`insert into memberships (tenant_id, user_id, role) values ($1, $2, 'owner')`, [b.tenant.id, a.tenant.owner.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    const moved = await t.runtime.db.withTenant(a.tenant.id, (tx) =>
      tx.query('update api_keys set revoked_at = now() where id = $1 returning id', [b.apiKeyId]),
    );
    expect(moved).toHaveLength(0);
  });

  it("cannot point its own rows at another tenant's rows (foreign keys carry the tenant)", async () => {
    // A foreign-key check reads past row-level security; the tenant in the key closes that gap.
    await expect(
      t.runtime.db.withTenant(a.tenant.id, (tx) =>
        tx.query('insert into list_memberships (list_id, parcel_id) values ($1, $2)', [a.listId, b.propertyId]),
      ),
    ).rejects.toThrow(/foreign key/);
    await expect(
      t.runtime.db.withTenant(a.tenant.id, (tx) =>
        tx.query('insert into list_memberships (list_id, parcel_id) values ($1, $2)', [b.listId, a.propertyId]),
      ),
    ).rejects.toThrow(/foreign key/);
    await expect(
      t.runtime.db.withTenant(a.tenant.id, (tx) =>
        tx.query(`insert into property_sales (parcel_id, sale_date, source) values ($1, '2024-01-01', 'test')`, [b.propertyId]),
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it("searches only the tenant's own parcels through the index function, and none without a tenant", async () => {
    for (const [world, name] of [
      [a, 'Alpha Quincewood'],
      [b, 'Beta Quincewood'],
    ] as const) {
      await t.runtime.db.withTenant(world.tenant.id, (tx) =>
        tx.query(`insert into parcels (address_line1, search_text, source) values ('1 ELM ST', lower($1), 'test')`, [name]),
      );
    }
    const search = `select p.search_text from parcels_matching(to_tsquery('simple', 'quincewood')) m join parcels p on p.id = m`;
    const found = async (tenantId: string) =>
      (await t.runtime.db.withTenant(tenantId, (tx) => tx.query(search))).map((row) => row.search_text);
    expect(await found(a.tenant.id)).toEqual(['alpha quincewood']);
    expect(await found(b.tenant.id)).toEqual(['beta quincewood']);
    const unscoped = await t.runtime.db.withGlobal((tx) => tx.query(`select * from parcels_matching(to_tsquery('simple', 'quincewood'))`));
    expect(unscoped).toEqual([]);
  });

  it('sees no tenant rows at all without a tenant', async () => {
    for (const table of await tenantTables()) {
      if (table === 'outbox_events') continue;
      const rows = await t.runtime.db.withGlobal((tx) => tx.query(`select 1 from ${table} limit 1`));
      expect(rows, table).toHaveLength(0);
    }
  });

  it('every tenant table has row-level security enabled and forced (parcels: for all but its owner); the app role cannot bypass it', async () => {
    const tables = await tenantTables();
    const flags = await t.runtime.db.asOwner((tx) =>
      tx.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
        `select relname, relrowsecurity, relforcerowsecurity from pg_class
          where relnamespace = 'public'::regnamespace and relname = any($1)`,
        [tables],
      ),
    );
    expect(flags).toHaveLength(tables.length);
    for (const flag of flags) {
      expect(flag.relrowsecurity, flag.relname).toBe(true);
      // The search function parcels_matching reads parcels' index as their owner (migration 0013).
      expect(flag.relforcerowsecurity, flag.relname).toBe(flag.relname !== 'parcels');
    }
    const [role] = await t.runtime.db.withTenant(a.tenant.id, (tx) =>
      tx.query<{ current_user: string; rolbypassrls: boolean; rolsuper: boolean }>(
        'select current_user, rolbypassrls, rolsuper from pg_roles where rolname = current_user',
      ),
    );
    expect(role).toEqual({ current_user: 'reos_app', rolbypassrls: false, rolsuper: false });
  });
});
