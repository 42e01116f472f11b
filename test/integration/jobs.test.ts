import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/app/http-app.js';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { startWorker, type Worker } from '../../src/app/worker.js';
import { OutboxDispatcher } from '../../src/platform/events/dispatcher.js';
import { publishEvent } from '../../src/platform/events/outbox.js';
import { JobQueue, deadLetterOf } from '../../src/platform/queue/job-queue.js';
import type { App } from '../../src/platform/http/server.js';
import { factories, openTestDatabase, skipDatabase, testConfig } from '../support/test-app.js';

/** Collects the JSON log lines a process writes, to observe jobs from outside. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(skipDatabase())('jobs and the outbox', () => {
  let runtime: Runtime;
  let app: App;
  let worker: Worker;
  let drop: () => Promise<void>;
  const capture = capturingLogger();

  beforeAll(async () => {
    const database = await openTestDatabase();
    drop = database.drop;
    runtime = await openRuntime(testConfig(), { db: database.db, logger: capture.logger });
    app = await buildHttpApp(runtime, { publicUrl: 'http://reos.test' });
    worker = await startWorker(runtime);
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await drop?.();
  });

  it('turns an invitation into an email job that carries its tenant and request id', async () => {
    const make = factories(runtime, app);
    const tenant = await make.tenant();
    const token = await make.bearer(tenant.owner);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'invite-request-1' },
      payload: { email: 'mailbox@example.test', role: 'member' },
    });
    expect(response.statusCode).toBe(201);
    const email = await until(() => capture.lines.find((line) => line.event === 'email' && line.to === 'mailbox@example.test'));
    expect(email).toMatchObject({
      job: 'send-invitation-email',
      tenantId: tenant.id,
      requestId: 'invite-request-1',
      invitationId: response.json().id,
    });
    expect(String(email.text)).toContain(response.json().acceptUrl);
  });

  it('publishes nothing when the change rolls back', async () => {
    const make = factories(runtime, app);
    const tenant = await make.tenant();
    await expect(
      runtime.db.withTenant(tenant.id, async (tx) => {
        await publishEvent(tx, { type: 'invitation.created', payload: { email: 'ghost@example.test' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const pending = await runtime.db.asPlatformWorker((tx) =>
      tx.query(`select 1 from outbox_events where payload->>'email' = 'ghost@example.test'`),
    );
    expect(pending).toHaveLength(0);
  });

  it('dispatches each outbox event once even when dispatchers race', async () => {
    const queue = new JobQueue(runtime.db, capture.logger, runtime.metrics, { schedule: false });
    queue.define({ name: 'count-events', subscribes: ['test.counted'], handler: async () => {} });
    await queue.start();
    const make = factories(runtime, app);
    const tenant = await make.tenant();
    await runtime.db.withTenant(tenant.id, async (tx) => {
      for (let i = 0; i < 50; i++) await publishEvent(tx, { type: 'test.counted', payload: { i } });
    });
    const dispatchers = [1, 2, 3].map(() => new OutboxDispatcher(runtime.db, queue, capture.logger));
    await Promise.all(dispatchers.map((d) => d.dispatchBatch()));
    await Promise.all(dispatchers.map((d) => d.dispatchBatch()));
    const jobs = await runtime.db.asOwner((tx) =>
      tx.query<{ i: string }>(`select data->'data'->>'i' as i from pgboss.job where name = 'count-events'`),
    );
    expect(jobs).toHaveLength(50);
    expect(new Set(jobs.map((j) => j.i)).size).toBe(50);
    await queue.stop();
  });

  it('two workers on one queue divide the jobs between them and run each once', async () => {
    const ranBy = new Map<string, string[]>();
    const queues = ['a', 'b'].map((name) => {
      const queue = new JobQueue(runtime.db, capture.logger, runtime.metrics, { schedule: false });
      queue.define<{ n: number }>({
        name: 'shared-work',
        batchSize: 2,
        handler: async ({ data }) => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          ranBy.set(String(data.n), [...(ranBy.get(String(data.n)) ?? []), name]);
        },
      });
      return queue;
    });
    for (const queue of queues) await queue.start();
    for (let n = 0; n < 24; n++) await queues[0]!.send('shared-work', { tenantId: null, requestId: null, data: { n } });
    for (const queue of queues) await queue.work();
    await until(() => (ranBy.size === 24 ? true : undefined), 30_000);
    await Promise.all(queues.map((queue) => queue.stop()));
    expect([...ranBy.values()].every((workers) => workers.length === 1)).toBe(true);
    const byA = [...ranBy.values()].filter(([worker]) => worker === 'a').length;
    expect(byA).toBeGreaterThan(0);
    expect(byA).toBeLessThan(24);
  });

  it('retries a failing job with backoff, then moves it to its dead-letter queue', async () => {
    const attempts: number[] = [];
    const queue = new JobQueue(runtime.db, capture.logger, runtime.metrics, { schedule: false });
    queue.define({
      name: 'always-fails',
      retryLimit: 2,
      retryDelaySeconds: 1,
      handler: async () => {
        attempts.push(Date.now());
        throw new Error('upstream down');
      },
    });
    await queue.start();
    await queue.work();
    const id = await queue.send('always-fails', { tenantId: null, requestId: 'r-1', data: {} });
    const dead = await until(async () => {
      const rows = await runtime.db.asOwner((tx) =>
        tx.query<{ data: { requestId: string } }>(`select data from pgboss.job where name = $1`, [deadLetterOf('always-fails')]),
      );
      return rows[0];
    }, 30_000);
    expect(dead.data.requestId).toBe('r-1');
    expect(attempts).toHaveLength(3);
    // Exponential backoff: the second wait is longer than the first.
    expect(attempts[2]! - attempts[1]!).toBeGreaterThan(attempts[1]! - attempts[0]!);
    const job = await queue.getJob('always-fails', id!);
    expect(job?.state).toBe('failed');
    const metrics = await runtime.metrics.registry.metrics();
    expect(metrics).toMatch(/jobs_failed_total\{queue="always-fails"\} 3/);
    expect(metrics).toMatch(/job_queue_depth\{queue="always-fails-dead",state="created"\} 1/);
    await queue.stop();
  });

  it('registers cron schedules for housekeeping', async () => {
    const schedules = await runtime.db.asOwner((tx) =>
      tx.query<{ name: string; cron: string }>('select name, cron from pgboss.schedule order by name'),
    );
    expect(schedules).toEqual(
      expect.arrayContaining([
        { name: 'platform-housekeeping', cron: '15 * * * *' },
        { name: 'purge-expired-sessions', cron: '45 3 * * *' },
      ]),
    );
  });

  it('stops gracefully: a running job finishes before stop returns', async () => {
    let finished = false;
    const queue = new JobQueue(runtime.db, capture.logger, runtime.metrics, { schedule: false });
    queue.define({
      name: 'slow-job',
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        finished = true;
      },
    });
    await queue.start();
    await queue.work();
    const id = await queue.send('slow-job', { tenantId: null, requestId: null, data: {} });
    await until(async () => ((await queue.getJob('slow-job', id!))?.state === 'active' ? true : undefined));
    await queue.stop();
    expect(finished).toBe(true);
  });
});
