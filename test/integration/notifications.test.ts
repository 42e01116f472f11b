import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorker, type Worker } from '../../src/app/worker.js';
import { taskRemindersJob } from '../../src/modules/tasks/jobs.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant, type TestUser } from '../support/test-app.js';

const WAIT = { timeout: 20_000, interval: 100 };

describe.skipIf(skipDatabase())('reminders and notifications', () => {
  let t: TestApp;
  let worker: Worker;
  let tenant: TestTenant;
  let owner: string;
  let member: TestUser;
  let memberToken: string;
  let propertyId: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  const notifications = async (token: string, query = '') => (await call(token, 'GET', `/notifications${query}`)).json();

  beforeAll(async () => {
    t = await createTestApp();
    worker = await startWorker(t.runtime);
    tenant = await t.make.tenant('Reminder Realty');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    member = await t.make.user(tenant, 'member');
    memberToken = await t.make.bearer(member, tenant.slug);
    propertyId = (
      await call(owner, 'POST', '/leads', {
        source: 'reminders',
        name: 'Pat Seller',
        email: 'pat@example.test',
        address: '8 Oak Ln',
        zip: '62704',
      })
    ).json().propertyId;
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('reminds the assignee once when a task falls due, and not of tasks still ahead or done', async () => {
    const due = (
      await call(owner, 'POST', '/tasks', {
        title: 'Call Pat back',
        dueAt: new Date(Date.now() - 60_000).toISOString(),
        assigneeId: member.id,
        propertyId,
      })
    ).json();
    const ahead = (
      await call(owner, 'POST', '/tasks', {
        title: 'Next week',
        dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        assigneeId: member.id,
      })
    ).json();
    const done = (
      await call(owner, 'POST', '/tasks', {
        title: 'Done already',
        dueAt: new Date(Date.now() - 60_000).toISOString(),
        assigneeId: member.id,
      })
    ).json();
    await call(owner, 'PATCH', `/tasks/${done.id}`, { done: true });

    const sweep = taskRemindersJob(t.runtime.db);
    const context = { jobId: 'test', log: t.runtime.log };
    await sweep.handler({ tenantId: null, requestId: null, data: {} }, context);
    await sweep.handler({ tenantId: null, requestId: null, data: {} }, context);
    const reminded = await vi.waitUntil(async () => {
      const list = await notifications(memberToken);
      return list.items.length > 0 ? list : undefined;
    }, WAIT);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = await notifications(memberToken);
    expect(settled.items.map((n: { title: string }) => n.title)).toEqual(['Due now: Call Pat back']);
    expect(reminded.items[0]).toMatchObject({ kind: 'task.due', link: `/properties/${propertyId}`, read: false });
    expect(settled.unread).toBe(1);
    const [row] = await t.runtime.db.withTenant(tenant.id, (tx) =>
      tx.query<{ id: string }>('select id from tasks where reminded_at is not null'),
    );
    expect(row?.id).toBe(due.id);
    expect(ahead.id).not.toBe(due.id);
    expect((await notifications(owner)).items).toEqual([]);
  });

  it('tells a teammate they were mentioned, and marks notifications read', async () => {
    await call(owner, 'POST', '/notes', { propertyId, body: `@[Member](${member.id}) can you drive by this one?` });
    const mention = await vi.waitUntil(async () => {
      const list = await notifications(memberToken, '?unread=true');
      return list.items.find((n: { kind: string }) => n.kind === 'note.added');
    }, WAIT);
    expect(mention).toMatchObject({ title: `${tenant.owner.email} mentioned you`, body: expect.stringContaining('drive by') });
    const marked = await call(memberToken, 'POST', '/notifications/read', { ids: [mention.id] });
    expect(marked.json()).toEqual({ marked: 1 });
    expect((await notifications(memberToken, '?unread=true')).items.map((n: { id: string }) => n.id)).not.toContain(mention.id);
    await call(memberToken, 'POST', '/notifications/read', { all: true });
    expect((await notifications(memberToken)).unread).toBe(0);
    // The author is not told of their own note.
    expect((await notifications(owner)).items.filter((n: { kind: string }) => n.kind === 'note.added')).toEqual([]);
  });
});
