import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorker, type Worker } from '../../src/app/worker.js';
import { createTestApp, skipDatabase, type TestApp, type TestTenant, type TestUser } from '../support/test-app.js';

interface TimelineEntry {
  id: string;
  kind: string;
  at: string;
  actor: { id: string | null; label: string } | null;
  data: Record<string, unknown>;
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 0x41), Buffer.from('\n%%EOF\n')]);

function multipart(fields: Record<string, string>, file: { name: string; type: string; content: Buffer }) {
  const boundary = `----reos${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** An open server-sent event stream, collecting what arrives. */
function openStream(url: string, headers: Record<string, string> = {}) {
  const events: { id: string; event: string; data: Record<string, unknown> }[] = [];
  let buffer = '';
  let request: http.ClientRequest | undefined;
  const opened = new Promise<number>((resolve, reject) => {
    request = http.get(url, { headers }, (response) => {
      resolve(response.statusCode ?? 0);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => !line.startsWith(':') && line.includes(': '))
              .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
          );
          if (fields.id && fields.data) events.push({ id: fields.id, event: fields.event!, data: JSON.parse(fields.data) });
        }
      });
    });
    request.on('error', reject);
  });
  return { events, opened, close: () => request?.destroy() };
}

describe.skipIf(skipDatabase())('notes, calls, attachments, the timeline and the live stream', () => {
  let t: TestApp;
  let worker: Worker;
  let baseUrl: string;
  let tenant: TestTenant;
  let owner: string;
  let member: TestUser;
  let memberToken: string;
  let propertyId: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-activity-'));

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  const timeline = async (token: string, query: string) => (await call(token, 'GET', `/timeline?${query}`)).json();
  const waitForKinds = (token: string, query: string, kinds: string[]) =>
    vi.waitUntil(
      async () => {
        const items = (await timeline(token, query)).items as TimelineEntry[];
        return kinds.every((kind) => items.some((item) => item.kind === kind)) ? items : undefined;
      },
      { timeout: 20_000, interval: 100 },
    );

  beforeAll(async () => {
    t = await createTestApp({ dataDir });
    worker = await startWorker(t.runtime);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    tenant = await t.make.tenant('Timeline Realty');
    owner = await t.make.bearer(tenant.owner, tenant.slug);
    member = await t.make.user(tenant, 'member');
    memberToken = await t.make.bearer(member, tenant.slug);
    propertyId = await t.runtime.db.withTenant(tenant.id, async (tx) => {
      const [parcel] = await tx.query<{ id: string }>(
        `insert into parcels (address_number, address_street, address_line1, address_key, city, state, zip, source)
         values ('5', 'PINE ST', '5 PINE ST', 'pine-5', 'SPRINGFIELD', 'IL', '62704', 'test') returning id`,
      );
      return parcel!.id;
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds one timeline from the events: stage changes with from and to, tasks, notes, calls, files', async () => {
    const pipelines = (await call(owner, 'GET', '/pipelines')).json().items;
    const [newLead, contacted] = pipelines[0].stages;
    const deal = (await call(owner, 'POST', '/deals', { propertyId })).json();
    await call(owner, 'PATCH', `/deals/${deal.id}`, { stageId: contacted.id });
    const task = (await call(owner, 'POST', '/tasks', { title: 'Call back', dueAt: new Date().toISOString(), dealId: deal.id })).json();
    await call(owner, 'PATCH', `/tasks/${task.id}`, { done: true });
    const note = await call(owner, 'POST', '/notes', {
      dealId: deal.id,
      body: `Seller wants 30 days. @[Member](${member.id}) please follow up`,
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ mentions: [member.id], propertyId });
    const logged = await call(owner, 'POST', '/calls', {
      dealId: deal.id,
      direction: 'outbound',
      outcome: 'do_not_call',
      phone: '(217) 555-0142',
      durationSeconds: 65,
    });
    expect(logged.json()).toMatchObject({ phone: '+12175550142', outcome: 'do_not_call', propertyId });
    const [dnc] = await t.runtime.db.withTenant(tenant.id, (tx) => tx.query<{ e164: string }>('select e164 from do_not_contact_phones'));
    expect(dnc?.e164).toBe('+12175550142');
    const upload = multipart({ dealId: deal.id }, { name: 'purchase-agreement.pdf', type: 'application/pdf', content: PDF });
    const attached = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { authorization: `Bearer ${owner}`, 'content-type': upload.contentType },
      payload: upload.payload,
    });
    expect(attached.statusCode).toBe(201);
    expect(attached.json()).toMatchObject({ fileName: 'purchase-agreement.pdf', contentType: 'application/pdf', bytes: PDF.length });

    const items = await waitForKinds(owner, `dealId=${deal.id}`, [
      'deal.created',
      'deal.stage_changed',
      'task.created',
      'task.completed',
      'note.added',
      'call.logged',
      'attachment.added',
    ]);
    expect(items.map((item) => item.kind)).toEqual([
      'attachment.added',
      'call.logged',
      'note.added',
      'task.completed',
      'task.created',
      'deal.stage_changed',
      'deal.created',
    ]);
    const stageChange = items.find((item) => item.kind === 'deal.stage_changed')!;
    expect(stageChange.data).toMatchObject({ fromStageId: newLead.id, toStageId: contacted.id });
    expect(stageChange.actor).toMatchObject({ id: tenant.owner.id, label: tenant.owner.email });
    // The property's timeline has the same events; pages and kinds narrow it.
    const property = (await timeline(owner, `propertyId=${propertyId}&limit=3`)) as { items: TimelineEntry[]; nextCursor: string };
    expect(property.items.map((item) => item.kind)).toEqual(['attachment.added', 'call.logged', 'note.added']);
    const next = (await timeline(owner, `propertyId=${propertyId}&limit=3&cursor=${property.nextCursor}`)).items as TimelineEntry[];
    expect(next.map((item) => item.kind)).toEqual(['task.completed', 'task.created', 'deal.stage_changed']);
    const onlyDeals = (await timeline(owner, `propertyId=${propertyId}&kind=deal.`)).items as TimelineEntry[];
    expect(onlyDeals.map((item) => item.kind)).toEqual(['deal.stage_changed', 'deal.created']);
    expect((await call(owner, 'GET', `/timeline?propertyId=${propertyId}&dealId=${deal.id}`)).statusCode).toBe(400);
    expect((await call(owner, 'GET', `/timeline?propertyId=${propertyId}&kind=DROP TABLE`)).statusCode).toBe(400);
    expect((await call(owner, 'GET', '/timeline?dealId=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('stores attachments, serves them back byte for byte, and refuses disguised or oversized files', async () => {
    const deal = (await call(owner, 'POST', '/deals', { propertyId })).json();
    const send = (file: { name: string; type: string; content: Buffer }, fields: Record<string, string> = { dealId: deal.id }) => {
      const form = multipart(fields, file);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/attachments',
        headers: { authorization: `Bearer ${owner}`, 'content-type': form.contentType },
        payload: form.payload,
      });
    };
    const stored = (await send({ name: 'contract.pdf', type: 'application/pdf', content: PDF })).json();
    const download = await call(owner, 'GET', `/attachments/${stored.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''contract.pdf");
    expect(download.rawPayload.equals(PDF)).toBe(true);
    const listed = (await call(owner, 'GET', `/attachments?dealId=${deal.id}`)).json().items;
    expect(listed.map((a: { id: string }) => a.id)).toEqual([stored.id]);

    const html = await send({ name: 'photo.png', type: 'image/png', content: Buffer.from('<html><script>alert(1)</script></html>') });
    expect(html.statusCode).toBe(415);
    expect((await send({ name: 'x.pdf', type: 'application/pdf', content: PDF }, {})).statusCode).toBe(400);
    const files = () => fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }).filter((f) => !String(f).startsWith('tmp')).length;
    const before = files();
    const huge = await send({ name: 'big.pdf', type: 'application/pdf', content: Buffer.concat([PDF, Buffer.alloc(26 * 1024 * 1024)]) });
    expect(huge.statusCode).toBe(413);
    expect(files()).toBe(before);

    expect((await call(owner, 'DELETE', `/attachments/${stored.id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/attachments/${stored.id}/content`)).statusCode).toBe(404);
  });

  it('streams a teammate’s card move to every open page of the tenant within 2 s, and resumes with Last-Event-ID', async () => {
    const pipelines = (await call(owner, 'GET', '/pipelines')).json().items;
    const [, contacted, appointment] = pipelines[0].stages;
    const deal = (await call(owner, 'POST', '/deals', { propertyId, assigneeId: tenant.owner.id })).json();
    const viewer = openStream(`${baseUrl}/api/v1/stream?access_token=${memberToken}`);
    expect(await viewer.opened).toBe(200);
    const other = await t.make.tenant('Unrelated Team');
    const outsider = openStream(`${baseUrl}/api/v1/stream?access_token=${await t.make.bearer(other.owner, other.slug)}`);
    expect(await outsider.opened).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const movedAt = Date.now();
    await call(owner, 'PATCH', `/deals/${deal.id}`, { stageId: contacted.id });
    const arrived = await vi.waitUntil(() => viewer.events.find((event) => event.event === 'deal.stage_changed'), {
      timeout: 2000,
      interval: 10,
    });
    expect(Date.now() - movedAt).toBeLessThan(2000);
    expect(arrived.data).toMatchObject({ dealId: deal.id, entityId: deal.id, fromStageId: deal.stageId, toStageId: contacted.id });
    expect(arrived.data.actor).toMatchObject({ id: tenant.owner.id });
    expect(outsider.events).toEqual([]);
    viewer.close();

    // Missed while away: delivered on reconnect, in order, nothing twice.
    await call(owner, 'PATCH', `/deals/${deal.id}`, { stageId: appointment.id });
    await call(owner, 'POST', '/notes', { dealId: deal.id, body: 'Appointment Tuesday' });
    const back = openStream(`${baseUrl}/api/v1/stream?access_token=${memberToken}`, { 'last-event-id': arrived.id });
    await back.opened;
    const missed = await vi.waitUntil(() => (back.events.length >= 2 ? back.events : undefined), { timeout: 2000, interval: 10 });
    expect(missed.map((event) => event.event)).toEqual(['deal.stage_changed', 'note.added']);
    expect(new Set(missed.map((event) => event.id)).size).toBe(missed.length);
    back.close();
    outsider.close();

    // An "assigned only" member is not told about a colleague's deal.
    await call(owner, 'PATCH', `/users/${member.id}`, { visibility: 'assigned' });
    const restricted = openStream(`${baseUrl}/api/v1/stream?access_token=${memberToken}`);
    await restricted.opened;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await call(owner, 'PATCH', `/deals/${deal.id}`, { stageId: contacted.id });
    const mine = (await call(memberToken, 'POST', '/deals', { propertyId })).json();
    await vi.waitUntil(() => restricted.events.find((event) => event.data.dealId === mine.id), { timeout: 2000, interval: 10 });
    expect(restricted.events.filter((event) => event.data.dealId === deal.id)).toEqual([]);
    restricted.close();
    await call(owner, 'PATCH', `/users/${member.id}`, { visibility: 'all' });

    expect((await fetch(`${baseUrl}/api/v1/stream`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/v1/stream?access_token=forged`)).status).toBe(401);
  });
});
