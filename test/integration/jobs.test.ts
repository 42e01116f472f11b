import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/app/http-app.js';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { startWorker, type Worker } from '../../src/app/worker.js';
import { OutboxDispatcher } from '../../src/platform/events/dispatcher.js';
import { publishEvent } from '../../src/platform/events/outbox.js';
import { FREE_CRASH_RETRIES, JobQueue, deadLetterOf } from '../../src/platform/queue/job-queue.js';
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
      retryDelaySeconds: 2,
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
    }, 25_000);
    expect(dead.data.requestId).toBe('r-1');
    expect(attempts).toHaveLength(3);
    // Exponential backoff with jitter: the n-th retry waits between delay × 2^(n-1) and twice that, so the
    // second wait is at least 4 s, longer than a fixed 2 s delay plus the 1 s polling interval could make it.
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(2_000);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(4_000);
    const job = await queue.getJob('always-fails', id!);
    expect(job?.state).toBe('failed');
    const metrics = await runtime.metrics.registry.metrics();
    expect(metrics).toMatch(/jobs_failed_total\{queue="always-fails"\} 3/);
    expect(metrics).toMatch(/job_queue_depth\{queue="always-fails-dead",state="created"\} 1/);
    await queue.stop();
  }, 45_000);

  it('registers cron schedules for housekeeping', async () => {
    const schedules = await runtime.db.asOwner((tx) =>
      tx.query<{ name: string; cron: string }>('select name, cron from pgboss.schedule order by name'),
    );
    expect(schedules).toEqual(
      expect.arrayContaining([
        { name: 'platform-housekeeping', cron: '15 * * * *' },
        { name: 'purge-expired-sessions', cron: '45 3 * * *' },
        { name: 'purge-deleted-properties', cron: '15 4 * * *' },
      ]),
    );
  });

  /** The job as pg-boss keeps it. */
  const jobRow = async (id: string) => {
    const [row] = await runtime.db.asOwner((tx) =>
      tx.query<{ state: string; retry_count: number; start_after: Date; output: { message?: string } | null }>(
        `select state::text as state, retry_count, start_after, output from pgboss.job where id = $1`,
        [id],
      ),
    );
    return row!;
  };

  /** What a worker's fetch leaves behind when its process dies: the job active, started `secondsAgo`. */
  const cutOff = (id: string, secondsAgo: number) =>
    runtime.db.asOwner((tx) =>
      tx.query(`update pgboss.job set state = 'active', started_on = now() - make_interval(secs => $2) where id = $1`, [id, secondsAgo]),
    );

  // Abandoned jobs in these tests started 10 s ago: past the 3 s these queues allow a silent
  // worker, within the 30 s of this file's main worker, which therefore leaves them to the test.
  const liveness = { schedule: false, heartbeatSeconds: 1, staleSeconds: 3 };

  it('retries at once, without counting an attempt, every job a sole worker finds active at start-up', async () => {
    const runs: string[] = [];
    const sender = new JobQueue(runtime.db, capture.logger, runtime.metrics, liveness);
    sender.define({ name: 'cut-off-at-start', handler: async () => {} });
    await sender.start();
    const id = (await sender.send('cut-off-at-start', { tenantId: null, requestId: 'crash-1', data: {} }))!;
    // The process that fetched it was killed moments ago: no heartbeat would tell yet.
    await cutOff(id, 0);
    await sender.stop();

    const restarted = new JobQueue(runtime.db, capture.logger, runtime.metrics, liveness);
    restarted.define({ name: 'cut-off-at-start', handler: async ({ requestId }) => void runs.push(requestId!) });
    await restarted.start();
    await restarted.work({ soleWorker: true });
    await until(async () => ((await jobRow(id)).state === 'completed' ? true : undefined));
    await restarted.stop();
    expect(runs).toEqual(['crash-1']);
    expect((await jobRow(id)).retry_count).toBe(0);
    expect(await runtime.metrics.registry.metrics()).toMatch(/jobs_recovered_total\{queue="cut-off-at-start"\} 1/);
  });

  it('retries the jobs of a worker that stopped beating, and removes that worker', async () => {
    const runs: string[] = [];
    const survivor = new JobQueue(runtime.db, capture.logger, runtime.metrics, liveness);
    survivor.define({ name: 'dead-workers-job', handler: async ({ requestId }) => void runs.push(requestId!) });
    await survivor.start();
    const id = (await survivor.send('dead-workers-job', { tenantId: null, requestId: 'orphan-1', data: {} }))!;
    await cutOff(id, 10);
    const deadWorker = '5b0c6f9e-7d1a-4c55-9a57-3f1e2d4c6b80';
    await runtime.db.asOwner((tx) =>
      tx.query(
        `insert into queue_workers (id, hostname, pid, beat_at, job_ids) values ($1, 'gone', 1, now() - interval '10 seconds', array[$2::uuid])`,
        [deadWorker, id],
      ),
    );
    await survivor.work();
    await until(async () => ((await jobRow(id)).state === 'completed' ? true : undefined));
    await survivor.stop();
    expect(runs).toEqual(['orphan-1']);
    expect((await jobRow(id)).retry_count).toBe(0);
    const workers = await runtime.db.asOwner((tx) => tx.query(`select id from queue_workers where id = $1`, [deadWorker]));
    expect(workers).toHaveLength(0);
  });

  it('leaves alone a long job whose worker still beats, and a stopped worker removes its row', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const busy = new JobQueue(runtime.db, capture.logger, runtime.metrics, liveness);
    busy.define({
      name: 'long-running-job',
      handler: async () => {
        runs++;
        await released;
      },
    });
    await busy.start();
    await busy.work();
    const id = (await busy.send('long-running-job', { tenantId: null, requestId: null, data: {} }))!;
    const listed = () =>
      runtime.db.asOwner((tx) => tx.query<{ id: string }>(`select id from queue_workers where $1::uuid = any(job_ids)`, [id]));
    await until(async () => ((await listed()).length === 1 ? true : undefined));
    // Active for longer than a worker may stay silent: only its worker's heartbeat keeps it.
    await runtime.db.asOwner((tx) => tx.query(`update pgboss.job set started_on = now() - interval '10 seconds' where id = $1`, [id]));
    const other = new JobQueue(runtime.db, capture.logger, runtime.metrics, liveness);
    await other.start();
    expect(await other.recoverAbandonedJobs()).toEqual([]);
    expect((await jobRow(id)).state).toBe('active');
    release();
    await until(async () => ((await jobRow(id)).state === 'completed' ? true : undefined));
    const workerId = (await listed())[0]?.id;
    await busy.stop();
    await other.stop();
    expect(runs).toBe(1);
    const rows = await runtime.db.asOwner((tx) => tx.query(`select 1 from queue_workers where id = $1`, [workerId]));
    expect(rows).toHaveLength(0);
  });

  it(`counts a job's crashes as failures once it has cut off its worker ${FREE_CRASH_RETRIES} times`, async () => {
    const queue = new JobQueue(runtime.db, capture.logger, runtime.metrics, liveness);
    queue.define({ name: 'kills-its-worker', retryLimit: 0, handler: async () => {} });
    await queue.start();
    const id = (await queue.send('kills-its-worker', { tenantId: null, requestId: 'poison-1', data: {} }))!;
    for (let crash = 1; crash <= FREE_CRASH_RETRIES; crash++) {
      await cutOff(id, 10);
      expect(await queue.recoverAbandonedJobs()).toEqual([{ queue: 'kills-its-worker', id }]);
      expect(await jobRow(id)).toMatchObject({ state: 'retry', retry_count: 0 });
    }
    await cutOff(id, 10);
    await queue.recoverAbandonedJobs();
    const failed = await jobRow(id);
    expect(failed.state).toBe('failed');
    expect(failed.output?.message).toMatch(new RegExp(`stopped while running it, ${FREE_CRASH_RETRIES + 1} times`));
    const dead = await runtime.db.asOwner((tx) =>
      tx.query<{ data: { requestId: string } }>(`select data from pgboss.job where name = $1`, [deadLetterOf('kills-its-worker')]),
    );
    expect(dead.map((row) => row.data.requestId)).toEqual(['poison-1']);
    await queue.stop();
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
