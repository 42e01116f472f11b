import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, skipDatabase, type TestApp, type TestTenant, type TestUser } from '../support/test-app.js';

interface StageView {
  id: string;
  name: string;
  kind: string;
  probability: number;
  dealCount: number;
}
interface PipelineView {
  id: string;
  name: string;
  stages: StageView[];
}

describe.skipIf(skipDatabase())('pipelines, deals and tasks', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let owner: string;
  let member: TestUser;
  let memberToken: string;
  let viewerToken: string;
  let propertyId: string;
  let acquisitions: PipelineView;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

  async function property(tenantId: string, street: string): Promise<string> {
    return t.runtime.db.withTenant(tenantId, async (tx) => {
      const [parcel] = await tx.query<{ id: string }>(
        `insert into parcels (apn, address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ($1, '12', $2, $3, $1, 'SPRINGFIELD', 'IL', '62704', 'test') returning id`,
        [`key-${street}`, street, `12 ${street}`],
      );
      const [ownerRow] = await tx.query<{ id: string }>(
        `insert into owners (kind, display_name, name_key) values ('person', 'Ada Lovelace', 'lovelace ada') returning id`,
      );
      await tx.query(`insert into parcel_owners (parcel_id, owner_id, source) values ($1, $2, 'test')`, [parcel!.id, ownerRow!.id]);
      await tx.query(`insert into owner_phones (owner_id, e164, line_type, source) values ($1, '+12175550100', 'mobile', 'test')`, [
        ownerRow!.id,
      ]);
      await tx.query('select refresh_parcel_search($1::uuid[])', [[parcel!.id]]);
      return parcel!.id;
    });
  }

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await t.make.tenant('Prairie Acquisitions');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    member = await t.make.user(tenant, 'member');
    memberToken = await t.make.bearer(member, tenant.slug);
    viewerToken = await t.make.bearer(await t.make.user(tenant, 'viewer'), tenant.slug);
    propertyId = await property(tenant.id, 'ELM ST');
    const pipelines = (await call(owner, 'GET', '/pipelines')).json().items as PipelineView[];
    acquisitions = pipelines.find((pipeline) => pipeline.name === 'Acquisitions')!;
  });
  afterAll(() => t?.close());

  it('gives every tenant the default pipelines, stages in order with probabilities and kinds', async () => {
    const response = await call(owner, 'GET', '/pipelines');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as PipelineView[];
    expect(items.map((pipeline) => pipeline.name)).toEqual(['Acquisitions', 'Dispositions']);
    expect(acquisitions.stages.map((stage) => [stage.name, stage.probability, stage.kind])).toEqual([
      ['New lead', 5, 'open'],
      ['Contacted', 15, 'open'],
      ['Appointment set', 30, 'open'],
      ['Offer made', 50, 'open'],
      ['Under contract', 75, 'open'],
      ['Closed won', 100, 'won'],
      ['Dead', 0, 'lost'],
    ]);
    expect(items[1]!.stages.map((stage) => stage.name)).toEqual(['Marketing', 'Showings', 'Offer accepted', 'Assigned', 'Closed']);
  });

  it('opens a deal on a property in the first stage, with the owners as contacts, and records its stage history', async () => {
    const created = await call(memberToken, 'POST', '/deals', { propertyId, temperature: 'hot', askingPrice: 120000 });
    expect(created.statusCode).toBe(201);
    const deal = created.json();
    expect(deal).toMatchObject({
      propertyId,
      pipelineId: acquisitions.id,
      stageId: acquisitions.stages[0]!.id,
      assigneeId: member.id,
      title: '12 ELM ST, SPRINGFIELD',
      ownerName: 'Ada Lovelace',
      temperature: 'hot',
      askingPrice: 120000,
      needsNextAction: true,
      daysInStage: 0,
    });
    const detail = (await call(memberToken, 'GET', `/deals/${deal.id}`)).json();
    expect(detail.contacts).toEqual([expect.objectContaining({ role: 'owner', name: 'Ada Lovelace', phone: '+12175550100' })]);
    expect(detail.stageChanges).toEqual([expect.objectContaining({ fromStageId: null, toStageId: acquisitions.stages[0]!.id })]);

    // A property can have several deals over time.
    expect((await call(owner, 'POST', '/deals', { propertyId })).statusCode).toBe(201);
    const onProperty = (await call(owner, 'GET', `/deals?propertyId=${propertyId}`)).json();
    expect(onProperty.items).toHaveLength(2);
  });

  it('moves a card across stages with who, when, from and to, and asks a lost reason', async () => {
    const deal = (await call(owner, 'POST', '/deals', { propertyId, title: 'Move me' })).json();
    const [newLead, contacted, , , , , dead] = acquisitions.stages;
    const moved = await call(owner, 'PATCH', `/deals/${deal.id}`, { stageId: contacted!.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().stageId).toBe(contacted!.id);
    const detail = (await call(owner, 'GET', `/deals/${deal.id}`)).json();
    expect(detail.stageChanges[0]).toMatchObject({ fromStageId: newLead!.id, toStageId: contacted!.id, changedBy: tenant.owner.id });

    const refused = await call(owner, 'PATCH', `/deals/${deal.id}`, { stageId: dead!.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/lost reason/);
    const lost = await call(owner, 'PATCH', `/deals/${deal.id}`, { stageId: dead!.id, lostReason: 'Listed with an agent' });
    expect(lost.json()).toMatchObject({ stageKind: 'lost', lostReason: 'Listed with an agent', needsNextAction: false });

    // The outbox carries the move, with its actor, for the timeline and workflows.
    const events = await t.runtime.db.asPlatformWorker((tx) =>
      tx.query<{ payload: { fromStageId: string; toStageId: string }; actor: { id: string } }>(
        `select payload, actor from outbox_events where type = 'deal.stage_changed' and payload->>'dealId' = $1 order by id`,
        [deal.id],
      ),
    );
    expect(events.map((event) => [event.payload.fromStageId, event.payload.toStageId])).toEqual([
      [newLead!.id, contacted!.id],
      [contacted!.id, dead!.id],
    ]);
    expect(events[0]!.actor.id).toBe(tenant.owner.id);
  });

  it('orders cards within a column by fractional positions and places a card below another', async () => {
    const stage = acquisitions.stages[2]!;
    const ids: string[] = [];
    for (const title of ['A', 'B', 'C']) {
      ids.push((await call(owner, 'POST', '/deals', { propertyId, title, stageId: stage.id })).json().id);
    }
    const column = async () =>
      ((await call(owner, 'GET', `/deals?stageId=${stage.id}&sort=position`)).json().items as { title: string }[]).map((d) => d.title);
    // New cards go on top.
    expect(await column()).toEqual(['C', 'B', 'A']);
    await call(owner, 'PATCH', `/deals/${ids[2]}`, { afterDealId: ids[0] });
    expect(await column()).toEqual(['B', 'A', 'C']);
    await call(owner, 'PATCH', `/deals/${ids[0]}`, { afterDealId: null });
    expect(await column()).toEqual(['A', 'B', 'C']);
    const wrongColumn = await call(owner, 'PATCH', `/deals/${ids[0]}`, {
      afterDealId: (await call(owner, 'POST', '/deals', { propertyId })).json().id,
    });
    expect(wrongColumn.statusCode).toBe(400);
  });

  it('loads a board with counts, sums, the weighted forecast and the first cards of every column', async () => {
    const stage = acquisitions.stages[3]!;
    for (const profit of [10000, 20000, 30000]) {
      await call(owner, 'POST', '/deals', { propertyId, stageId: stage.id, expectedProfit: profit, contractPrice: 100000 });
    }
    const board = await call(owner, 'GET', `/pipelines/${acquisitions.id}/board?limit=2`);
    expect(board.statusCode).toBe(200);
    const column = board.json().columns.find((c: { stage: { id: string } }) => c.stage.id === stage.id);
    expect(column).toMatchObject({ count: 3, contractValue: 300000, expectedProfit: 60000, weightedForecast: 30000 });
    expect(column.cards).toHaveLength(2);
    const rest = (await call(owner, 'GET', `/deals?stageId=${stage.id}&sort=position&cursor=${column.nextCursor}`)).json();
    expect(rest.items).toHaveLength(1);
    expect(new Set([...column.cards, ...rest.items].map((card: { id: string }) => card.id)).size).toBe(3);
    const hot = (await call(owner, 'GET', `/pipelines/${acquisitions.id}/board?temperature=cold`)).json();
    expect(hot.columns.every((c: { count: number }) => c.count === 0)).toBe(true);
  });

  it('lets admins edit stages, and refuses to delete one with deals unless they are moved', async () => {
    const created = await call(owner, 'POST', '/pipelines', {
      name: 'Rentals',
      stages: [
        { name: 'Prospect', probability: 10 },
        { name: 'Leased', probability: 100, kind: 'won' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const pipeline = created.json() as PipelineView;
    expect((await call(memberToken, 'POST', '/pipelines', { name: 'Mine', stages: [{ name: 'x', probability: 1 }] })).statusCode).toBe(403);
    const [prospect, leased] = pipeline.stages;
    await call(owner, 'POST', '/deals', { propertyId, pipelineId: pipeline.id });
    const keepOnlyLeased = {
      stages: [
        { id: leased!.id, name: 'Leased', probability: 100, kind: 'won' },
        { name: 'Screening', probability: 40 },
      ],
    };
    const refused = await call(owner, 'PATCH', `/pipelines/${pipeline.id}`, keepOnlyLeased);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toMatchObject({ stageId: prospect!.id, dealCount: 1 });
    const edited = await call(owner, 'PATCH', `/pipelines/${pipeline.id}`, {
      ...keepOnlyLeased,
      moveDealsTo: { [prospect!.id]: leased!.id },
    });
    expect(edited.statusCode).toBe(200);
    expect((edited.json() as PipelineView).stages.map((stage) => [stage.name, stage.dealCount])).toEqual([
      ['Leased', 1],
      ['Screening', 0],
    ]);
    expect((await call(owner, 'DELETE', `/pipelines/${pipeline.id}`)).statusCode).toBe(409);
    expect((await call(owner, 'POST', '/pipelines', { name: 'Rentals', stages: [{ name: 'x', probability: 1 }] })).statusCode).toBe(409);
  });

  it('records offers, starting from the maximum allowable offer when there is one', async () => {
    const deal = (await call(owner, 'POST', '/deals', { propertyId })).json();
    // This property cannot be valued (no living area), so an offer needs its amount.
    const noAmount = await call(owner, 'POST', `/deals/${deal.id}/offers`, {});
    expect(noAmount.statusCode).toBe(400);
    const offer = await call(owner, 'POST', `/deals/${deal.id}/offers`, { amount: 90000, status: 'sent' });
    expect(offer.statusCode).toBe(201);
    const accepted = await call(owner, 'PATCH', `/deals/${deal.id}/offers/${offer.json().id}`, { status: 'accepted' });
    expect(accepted.json()).toMatchObject({ amount: 90000, status: 'accepted' });
    const contact = await call(owner, 'POST', `/deals/${deal.id}/contacts`, {
      role: 'attorney',
      name: 'Sam Counsel',
      email: 'Sam@Law.test',
    });
    expect(contact.json()).toMatchObject({ role: 'attorney', email: 'sam@law.test' });
    const detail = (await call(owner, 'GET', `/deals/${deal.id}`)).json();
    expect(detail.offers).toEqual([expect.objectContaining({ amount: 90000, status: 'accepted' })]);
    expect(detail.contacts.map((c: { role: string }) => c.role)).toEqual(['owner', 'attorney']);
  });

  it('keeps viewers read-only and answers 400 for bad input, never 500', async () => {
    expect((await call(viewerToken, 'POST', '/deals', { propertyId })).statusCode).toBe(403);
    expect((await call(viewerToken, 'GET', '/deals')).statusCode).toBe(200);
    expect((await call(owner, 'POST', '/deals', { propertyId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await call(owner, 'POST', '/deals', { propertyId, stageId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    expect((await call(owner, 'POST', '/deals', { propertyId, temperature: 'lukewarm' })).statusCode).toBe(400);
    expect((await call(owner, 'POST', '/deals', { propertyId, assigneeId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    expect((await call(owner, 'GET', '/deals?cursor=bogus')).statusCode).toBe(400);
    expect((await call(owner, 'PATCH', `/deals/${acquisitions.id}`, { title: 'x' })).statusCode).toBe(404);
  });

  it('creates dated tasks, shows them on My day, completes one and repeats a repeating one', async () => {
    const deal = (await call(memberToken, 'POST', '/deals', { propertyId })).json();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const created = await call(memberToken, 'POST', '/tasks', { title: 'Call the owner', dueAt: inAnHour, type: 'call', dealId: deal.id });
    expect(created.statusCode).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({ assigneeId: member.id, dealId: deal.id, propertyId, done: false, overdue: false, type: 'call' });
    const late = (
      await call(memberToken, 'POST', '/tasks', { title: 'Send the offer', dueAt: yesterday, dealId: deal.id, repeatDays: 7 })
    ).json();
    expect(late.overdue).toBe(true);

    const dealNow = (await call(memberToken, 'GET', `/deals/${deal.id}`)).json();
    expect(dealNow).toMatchObject({ needsNextAction: false, nextTaskDueAt: late.dueAt });

    const day = (await call(memberToken, 'GET', '/tasks/my-day?timeZone=UTC')).json();
    expect(day.overdue.map((x: { id: string }) => x.id)).toContain(late.id);
    expect([...day.today, ...day.upcoming].map((x: { id: string }) => x.id)).toContain(task.id);

    const done = await call(memberToken, 'PATCH', `/tasks/${late.id}`, { done: true });
    expect(done.json()).toMatchObject({ done: true, doneBy: member.id });
    const open = (await call(memberToken, 'GET', `/tasks?dealId=${deal.id}`)).json().items as { title: string; dueAt: string }[];
    const repeated = open.find((x) => x.title === 'Send the offer')!;
    // Seven days after today (it was overdue), at the time of day it was due.
    expect(new Date(repeated.dueAt).getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect(repeated.dueAt.slice(11)).toBe(late.dueAt.slice(11));
    const doneList = (await call(memberToken, 'GET', `/tasks?dealId=${deal.id}&status=done`)).json().items;
    expect(doneList.map((x: { id: string }) => x.id)).toEqual([late.id]);

    expect((await call(memberToken, 'POST', '/tasks', { title: 'x', dueAt: inAnHour, timeZone: 'Mars/Olympus' })).statusCode).toBe(400);
    expect((await call(memberToken, 'POST', '/tasks', { title: 'x', dueAt: 'tomorrow' })).statusCode).toBe(400);
  });

  it('hides other members’ deals and tasks from an "assigned only" member on every route (404)', async () => {
    const colleague = await t.make.user(tenant, 'member');
    const colleagueToken = await t.make.bearer(colleague, tenant.slug);
    const theirs = (await call(colleagueToken, 'POST', '/deals', { propertyId, title: 'Theirs' })).json();
    const theirTask = (
      await call(colleagueToken, 'POST', '/tasks', { title: 'Their call', dueAt: new Date().toISOString(), dealId: theirs.id })
    ).json();
    const restricted = await call(owner, 'PATCH', `/users/${member.id}`, { visibility: 'assigned' });
    expect(restricted.statusCode).toBe(200);
    expect(restricted.json().visibility).toBe('assigned');

    expect((await call(memberToken, 'GET', `/deals/${theirs.id}`)).statusCode).toBe(404);
    expect((await call(memberToken, 'PATCH', `/deals/${theirs.id}`, { title: 'Mine now' })).statusCode).toBe(404);
    expect((await call(memberToken, 'POST', `/deals/${theirs.id}/offers`, { amount: 1 })).statusCode).toBe(404);
    expect((await call(memberToken, 'GET', `/tasks/${theirTask.id}`)).statusCode).toBe(404);
    expect((await call(memberToken, 'PATCH', `/tasks/${theirTask.id}`, { done: true })).statusCode).toBe(404);
    expect((await call(memberToken, 'POST', '/tasks', { title: 'x', dueAt: new Date().toISOString(), dealId: theirs.id })).statusCode).toBe(
      404,
    );
    const listed = (await call(memberToken, 'GET', '/deals?limit=200')).json().items as { assigneeId: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((deal) => deal.assigneeId === member.id)).toBe(true);
    const board = (await call(memberToken, 'GET', `/pipelines/${acquisitions.id}/board`)).json();
    const cards = board.columns.flatMap((c: { cards: { assigneeId: string }[] }) => c.cards);
    expect(cards.every((card: { assigneeId: string }) => card.assigneeId === member.id)).toBe(true);
    const tasks = (await call(memberToken, 'GET', '/tasks?limit=200')).json().items as { assigneeId: string }[];
    expect(tasks.every((task) => task.assigneeId === member.id)).toBe(true);
    // Nor can they hand their own deal to someone else (it would vanish from their sight).
    const mine = listed[0] as unknown as { id: string };
    expect((await call(memberToken, 'PATCH', `/deals/${mine.id}`, { assigneeId: colleague.id })).statusCode).toBe(403);

    // The colleague, who sees all, still sees both, and the restriction can be lifted.
    expect((await call(colleagueToken, 'GET', `/deals/${mine.id}`)).statusCode).toBe(200);
    await call(owner, 'PATCH', `/users/${member.id}`, { visibility: 'all' });
    expect((await call(memberToken, 'GET', `/deals/${theirs.id}`)).statusCode).toBe(200);
  });

  it('finds properties, owners, deals and contacts from one search box', async () => {
    const deal = (await call(owner, 'POST', '/deals', { propertyId, title: 'Lovelace estate' })).json();
    await call(owner, 'POST', `/deals/${deal.id}/contacts`, { role: 'attorney', name: 'Grace Hopper', phone: '(217) 555-0199' });
    const search = async (q: string) =>
      (await call(owner, 'GET', `/search?q=${encodeURIComponent(q)}`)).json().items as { type: string; id: string; title: string }[];
    const byOwner = await search('lovelace');
    expect(byOwner.filter((item) => item.type === 'property').map((item) => item.id)).toContain(propertyId);
    expect(byOwner.find((item) => item.type === 'owner')?.title).toBe('Ada Lovelace');
    expect(byOwner.filter((item) => item.type === 'deal').map((item) => item.id)).toContain(deal.id);
    expect((await search('12 elm street')).some((item) => item.type === 'property' && item.id === propertyId)).toBe(true);
    expect((await search('217-555-0100')).some((item) => item.type === 'property' && item.id === propertyId)).toBe(true);
    const contact = (await search('5550199')).find((item) => item.type === 'contact');
    expect(contact?.title).toBe('Grace Hopper');
    expect(await search('zebra')).toEqual([]);
    expect((await call(owner, 'GET', '/search?q=')).statusCode).toBe(400);
  });

  it('keeps every tenant’s deals, pipelines and tasks to itself', async () => {
    const other = await t.make.tenant('Other Team');
    const otherToken = await t.make.bearer(other.owner, other.slug);
    const deal = (await call(owner, 'POST', '/deals', { propertyId })).json();
    const task = (await call(owner, 'POST', '/tasks', { title: 'Mine', dueAt: new Date().toISOString(), dealId: deal.id })).json();
    expect((await call(otherToken, 'GET', `/deals/${deal.id}`)).statusCode).toBe(404);
    expect((await call(otherToken, 'PATCH', `/deals/${deal.id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await call(otherToken, 'GET', `/tasks/${task.id}`)).statusCode).toBe(404);
    expect((await call(otherToken, 'GET', `/pipelines/${acquisitions.id}`)).statusCode).toBe(404);
    expect((await call(otherToken, 'POST', '/deals', { propertyId })).statusCode).toBe(404);
    expect(
      (await call(otherToken, 'POST', '/deals', { propertyId: await property(other.id, 'OAK ST'), stageId: acquisitions.stages[0]!.id }))
        .statusCode,
    ).toBe(400);
    expect((await call(otherToken, 'GET', '/deals')).json().items).toEqual([]);
  });
});
