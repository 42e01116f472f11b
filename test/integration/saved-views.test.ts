import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp, type TestTenant, type TestUser } from '../support/test-app.js';

interface ViewBody {
  id: string;
  name: string;
  scope: 'personal' | 'shared';
  layout: 'board' | 'table';
  pipelineId: string | null;
  filters: Record<string, unknown>;
  sort: string | null;
  createdBy: string | null;
  canEdit: boolean;
}

describe.skipIf(skipDatabase())('saved views of the deals screen', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let owner: string;
  let alex: TestUser;
  let alexToken: string;
  let blair: TestUser;
  let blairToken: string;
  let viewerToken: string;
  let adminKey: string;
  let outsider: string;
  let acquisitionsId: string;

  const call = (
    token: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload ? { payload } : {}),
    });
  const save = async (token: string, body: object) => {
    const response = await call(token, 'POST', '/saved-views', { screen: 'deals', layout: 'board', ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as ViewBody;
  };
  const names = async (token: string) =>
    ((await call(token, 'GET', '/saved-views?screen=deals')).json().items as ViewBody[]).map((view) => view.name);

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant('Views Realty');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    alex = await t.make.user(tenant, 'member');
    alexToken = await t.make.bearer(alex, tenant.slug);
    blair = await t.make.user(tenant, 'member');
    blairToken = await t.make.bearer(blair, tenant.slug);
    viewerToken = await t.make.bearer(await t.make.user(tenant, 'viewer'), tenant.slug);
    adminKey = (await t.make.apiKey(tenant, 'admin')).key;
    const other = await t.make.tenant('Elsewhere Homes');
    outsider = await t.make.bearer(other.owner, other.slug);
    const pipelines = (await call(owner, 'GET', '/pipelines')).json().items as { id: string; name: string }[];
    acquisitionsId = pipelines.find((pipeline) => pipeline.name === 'Acquisitions')!.id;
  });
  afterAll(() => t?.close());

  it('creates, lists, updates and deletes a view, auditing each change and putting it on the outbox', async () => {
    const created = await save(alexToken, {
      name: '  Hot probate  ',
      scope: 'personal',
      pipelineId: acquisitionsId,
      filters: { temperature: 'hot', tag: 'probate' },
    });
    expect(created).toMatchObject({
      name: 'Hot probate',
      scope: 'personal',
      layout: 'board',
      pipelineId: acquisitionsId,
      filters: { temperature: 'hot', tag: 'probate' },
      sort: null,
      createdBy: alex.id,
      canEdit: true,
    });
    const listed = (await call(alexToken, 'GET', '/saved-views?screen=deals')).json().items as ViewBody[];
    expect(listed.find((view) => view.id === created.id)).toEqual(created);

    const updated = await call(alexToken, 'PATCH', `/saved-views/${created.id}`, {
      name: 'Hot deals',
      layout: 'table',
      filters: { temperature: 'hot' },
      sort: 'expected_close',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: 'Hot deals',
      layout: 'table',
      pipelineId: acquisitionsId,
      filters: { temperature: 'hot' },
      sort: 'expected_close',
    });
    // null clears a field, leaving it out keeps it.
    const cleared = await call(alexToken, 'PATCH', `/saved-views/${created.id}`, { pipelineId: null });
    expect(cleared.json()).toMatchObject({ pipelineId: null, sort: 'expected_close', name: 'Hot deals' });

    expect((await call(alexToken, 'DELETE', `/saved-views/${created.id}`)).statusCode).toBe(204);
    expect(await names(alexToken)).not.toContain('Hot deals');
    expect((await call(alexToken, 'PATCH', `/saved-views/${created.id}`, { name: 'Back' })).statusCode).toBe(404);

    const audit = await t.runtime.db.asOwner((tx) =>
      tx.query<{ action: string; actor_id: string }>(`select action, actor_id from audit_events where entity_id = $1 order by id`, [
        created.id,
      ]),
    );
    expect(audit.map((row) => row.action)).toEqual([
      'saved_view.created',
      'saved_view.updated',
      'saved_view.updated',
      'saved_view.deleted',
    ]);
    expect(audit.every((row) => row.actor_id === alex.id)).toBe(true);
    const events = await t.runtime.db.asOwner((tx) =>
      tx.query<{ type: string; payload: Record<string, unknown> }>(
        `select type, payload from outbox_events where payload->>'savedViewId' = $1 order by id`,
        [created.id],
      ),
    );
    expect(events.map((event) => event.type)).toEqual([
      'saved_view.created',
      'saved_view.updated',
      'saved_view.updated',
      'saved_view.deleted',
    ]);
    // Every live stream of the tenant gets the event: it must not carry a personal view's name or filters.
    expect(events[0]!.payload).toEqual({ savedViewId: created.id, screen: 'deals', scope: 'personal' });
  });

  it("hides a member's personal view from everyone else, admins and API keys included, on every route", async () => {
    const mine = await save(alexToken, { name: 'Only mine', scope: 'personal', filters: { assigneeId: alex.id } });
    for (const token of [blairToken, owner, viewerToken, adminKey]) {
      expect(await names(token)).not.toContain('Only mine');
      for (const [method, payload] of [
        ['PATCH', { name: 'Taken' }],
        ['DELETE', undefined],
      ] as const) {
        const response = await call(token, method, `/saved-views/${mine.id}`, payload);
        expect(response.statusCode, `${method} as another`).toBe(token === viewerToken ? 403 : 404);
      }
    }
    // Hidden by the database itself, whatever a query asks for.
    const seen = await t.runtime.db.withTenant(tenant.id, (tx) => tx.query('select id from saved_views where id = $1', [mine.id]));
    expect(seen).toEqual([]);
    expect(await names(alexToken)).toContain('Only mine');
  });

  it('shows a shared view to the whole team, editable by its creator and admins only', async () => {
    const shared = await save(alexToken, { name: 'Team flips', scope: 'shared', layout: 'table', filters: { dealType: 'flip' } });
    for (const [token, canEdit] of [
      [alexToken, true],
      [owner, true],
      [adminKey, true],
      [blairToken, false],
      [viewerToken, false],
    ] as const) {
      const items = (await call(token, 'GET', '/saved-views?screen=deals')).json().items as ViewBody[];
      expect(items.find((view) => view.id === shared.id)).toMatchObject({ name: 'Team flips', canEdit });
    }
    const refused = await call(blairToken, 'PATCH', `/saved-views/${shared.id}`, { name: 'Mine now' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect((await call(blairToken, 'DELETE', `/saved-views/${shared.id}`)).statusCode).toBe(403);

    const byAdmin = await call(owner, 'PATCH', `/saved-views/${shared.id}`, { filters: { dealType: 'flip', temperature: 'warm' } });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json()).toMatchObject({ createdBy: alex.id, filters: { dealType: 'flip', temperature: 'warm' } });
    // An admin cannot take a teammate's shared view as their own personal one; its creator can.
    expect((await call(owner, 'PATCH', `/saved-views/${shared.id}`, { scope: 'personal' })).statusCode).toBe(403);
    const unshared = await call(alexToken, 'PATCH', `/saved-views/${shared.id}`, { scope: 'personal' });
    expect(unshared.json()).toMatchObject({ scope: 'personal', canEdit: true });
    expect(await names(blairToken)).not.toContain('Team flips');
    expect((await call(alexToken, 'PATCH', `/saved-views/${shared.id}`, { scope: 'shared' })).json().scope).toBe('shared');
    expect(await names(blairToken)).toContain('Team flips');

    // The list: shared views first, then the caller's own, each in the order they were made.
    const list = (await call(alexToken, 'GET', '/saved-views?screen=deals')).json().items as ViewBody[];
    const firstPersonal = list.findIndex((view) => view.scope === 'personal');
    expect(list.slice(firstPersonal).every((view) => view.scope === 'personal')).toBe(true);
  });

  it('lets a viewer use views but not write them', async () => {
    const shared = await save(owner, { name: 'For viewers', scope: 'shared' });
    expect(await names(viewerToken)).toContain('For viewers');
    for (const [method, url, payload] of [
      ['POST', '/saved-views', { screen: 'deals', name: 'Viewer view', scope: 'personal', layout: 'board' }],
      ['PATCH', `/saved-views/${shared.id}`, { name: 'Renamed' }],
      ['DELETE', `/saved-views/${shared.id}`, undefined],
    ] as const) {
      const response = await call(viewerToken, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
  });

  it('answers 409 for a name taken in the same scope, whatever its case', async () => {
    await save(alexToken, { name: 'Closing soon', scope: 'personal' });
    const again = await call(alexToken, 'POST', '/saved-views', {
      screen: 'deals',
      name: 'closing SOON',
      scope: 'personal',
      layout: 'table',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', message: 'You have a view named closing SOON already' });
    // Another member's personal views and the shared ones are other namespaces.
    await save(blairToken, { name: 'Closing soon', scope: 'personal' });
    const shared = await save(alexToken, { name: 'Closing soon', scope: 'shared' });
    expect(
      (await call(blairToken, 'POST', '/saved-views', { screen: 'deals', name: 'Closing Soon', scope: 'shared', layout: 'board' }))
        .statusCode,
    ).toBe(409);
    const other = await save(alexToken, { name: 'Closing later', scope: 'shared' });
    const renamed = await call(alexToken, 'PATCH', `/saved-views/${other.id}`, { name: 'Closing soon' });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.message).toBe('A shared view named Closing soon exists already');
    // Unsharing into a name the creator already uses personally is the same conflict.
    expect((await call(alexToken, 'PATCH', `/saved-views/${shared.id}`, { scope: 'personal' })).statusCode).toBe(409);
  });

  it('answers 400 for a filter the deals screen does not know and other bad input', async () => {
    const base = { screen: 'deals', name: 'Bad', scope: 'personal', layout: 'board' };
    for (const body of [
      { ...base, filters: { color: 'red' } },
      { ...base, filters: { temperature: 'boiling' } },
      { ...base, filters: { assigneeId: 'not-a-uuid' } },
      { ...base, filters: ['temperature'] },
      { ...base, layout: 'calendar' },
      { ...base, scope: 'team' },
      { ...base, screen: 'leads' },
      { ...base, name: '   ' },
      { ...base, name: 'x'.repeat(101) },
      { ...base, sort: 'random' },
      { ...base, sort: 'position' },
      { ...base, pipelineId: '00000000-0000-4000-8000-000000000000' },
      { ...base, owner: alex.id },
    ]) {
      const response = await call(alexToken, 'POST', '/saved-views', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.code).toBe('validation');
    }
    const view = await save(alexToken, { name: 'Good', scope: 'personal' });
    expect((await call(alexToken, 'PATCH', `/saved-views/${view.id}`, {})).statusCode).toBe(400);
    expect((await call(alexToken, 'PATCH', `/saved-views/${view.id}`, { filters: { stage: 'x' } })).statusCode).toBe(400);
    expect((await call(alexToken, 'PATCH', '/saved-views/not-a-uuid', { name: 'x' })).statusCode).toBe(400);
    expect((await call(alexToken, 'GET', '/saved-views')).statusCode).toBe(400);
    expect((await call(alexToken, 'GET', '/saved-views?screen=tasks')).statusCode).toBe(400);
    // An API key is nobody's: it can save shared views only.
    const byKey = await call(adminKey, 'POST', '/saved-views', base);
    expect(byKey.statusCode).toBe(400);
    expect(byKey.json().error.message).toMatch(/API key can save shared views only/);
    expect((await save(adminKey, { name: 'From the key', scope: 'shared' })).createdBy).toBeNull();
  });

  it("answers 404 for another tenant's views and lists none of them", async () => {
    const shared = await save(owner, { name: 'Our pipeline', scope: 'shared' });
    expect(await names(outsider)).toEqual([]);
    expect((await call(outsider, 'PATCH', `/saved-views/${shared.id}`, { name: 'Theirs' })).statusCode).toBe(404);
    expect((await call(outsider, 'DELETE', `/saved-views/${shared.id}`)).statusCode).toBe(404);
    expect(await names(owner)).toContain('Our pipeline');
  });

  it('creates once for a repeated Idempotency-Key', async () => {
    const body = { screen: 'deals', name: 'Retried', scope: 'personal', layout: 'table', sort: 'updated' };
    const first = await call(alexToken, 'POST', '/saved-views', body, { 'idempotency-key': 'saved-view-retry-1' });
    const second = await call(alexToken, 'POST', '/saved-views', body, { 'idempotency-key': 'saved-view-retry-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect((await names(alexToken)).filter((name) => name === 'Retried')).toHaveLength(1);
  });

  it("keeps a view whose pipeline is deleted, and removes a member's personal views with their membership", async () => {
    const pipeline = (
      await call(owner, 'POST', '/pipelines', { name: 'Short-lived', stages: [{ name: 'Only', probability: 10 }] })
    ).json() as { id: string };
    const onPipeline = await save(blairToken, { name: 'On short-lived', scope: 'shared', pipelineId: pipeline.id });
    const personal = await save(blairToken, { name: 'Blair only', scope: 'personal', pipelineId: pipeline.id });
    expect((await call(owner, 'DELETE', `/pipelines/${pipeline.id}`)).statusCode).toBe(204);
    const items = (await call(blairToken, 'GET', '/saved-views?screen=deals')).json().items as ViewBody[];
    expect(items.find((view) => view.id === onPipeline.id)?.pipelineId).toBeNull();
    expect(items.find((view) => view.id === personal.id)?.pipelineId).toBeNull();

    expect((await call(owner, 'DELETE', `/users/${blair.id}`)).statusCode).toBe(204);
    const left = await t.runtime.db.asOwner((tx) =>
      tx.query<{ id: string; created_by: string | null }>('select id, created_by from saved_views where id = any($1::uuid[])', [
        [onPipeline.id, personal.id],
      ]),
    );
    // The shared view stays for the team, now editable by admins alone.
    expect(left).toEqual([{ id: onPipeline.id, created_by: null }]);
  });
});
