import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import type { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Tx } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';

/** What every job carries: the tenant it acts for and the request that caused it. */
export interface JobEnvelope<T = Record<string, unknown>> {
  tenantId: string | null;
  requestId: string | null;
  data: T;
  /** The outbox event that enqueued the job, when one did. */
  event?: OutboxEventInfo;
}

export interface OutboxEventInfo {
  id: string;
  type: string;
  /** ISO time the event was recorded. */
  at: string;
  actor: { type: string; id: string | null; label: string } | null;
}

export interface JobContext {
  jobId: string;
  log: FastifyBaseLogger;
}

export interface JobDefinition<T = Record<string, unknown>> {
  /** Letters, digits and dashes. Failed jobs land in `<name>-dead` after their last retry. */
  name: string;
  handler: (envelope: JobEnvelope<T>, context: JobContext) => Promise<void>;
  retryLimit?: number;
  /** First retry delay in seconds; doubled on each retry (exponential backoff). */
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** Jobs fetched and run at once by each worker process (default 5). */
  batchSize?: number;
  /** Cron expression (UTC) to run this job on a schedule with an empty payload. */
  cron?: string;
  /** Domain event types (from the outbox) that enqueue this job. */
  subscribes?: string[];
}

type PgBossDb = { executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * pg-boss talks to PGlite through an adapter: parameterless SQL may hold several
 * statements (its schema plans) and must go through `exec`; the rest through `query`.
 */
function pgliteAdapter(pglite: PGlite): PgBossDb {
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return pglite.query(text, values);
    },
  };
}

function poolAdapter(pool: pg.Pool): PgBossDb {
  return { executeSql: (text, values) => pool.query(text, values) };
}

function txAdapter(tx: Tx): PgBossDb {
  return { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) };
}

export const deadLetterOf = (name: string) => `${name}-dead`;

/**
 * The first crashes of a job are retried at once and not counted as attempts: a
 * process killed under a job says nothing about the job. A job found cut off more
 * often than this is probably what kills its worker, so further crashes count as
 * failures (retried with backoff, dead-lettered at the retry limit).
 */
export const FREE_CRASH_RETRIES = 3;

export interface JobQueueOptions {
  /** Register cron schedules (default true). */
  schedule?: boolean;
  /** Seconds between a worker's heartbeats (default 5). */
  heartbeatSeconds?: number;
  /** A worker whose last beat is older than this is presumed dead and its active jobs are retried (default 30). */
  staleSeconds?: number;
}

export interface WorkOptions {
  /**
   * This process is the only worker of its database (embedded mode, under the data
   * folder lock): every job still active when it starts was cut off by a crash and
   * is retried at once. Otherwise workers beat, and retry the jobs of a silent one.
   */
  soleWorker?: boolean;
}

/** Arbitrary constant: one process at a time installs the queue schema and creates queues. */
const QUEUE_SETUP_LOCK = 7_310_002;

/** A deterministic job id per (event, queue): a second dispatch of the same event inserts nothing. */
function jobIdFor(eventId: string, queue: string): string {
  const hex = createHash('sha256').update(`${eventId}/${queue}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The durable job queue (pg-boss on the application database, PGlite or PostgreSQL).
 * Workers in several processes share queues: pg-boss claims jobs with
 * FOR UPDATE SKIP LOCKED, so each job runs once per attempt.
 *
 * pg-boss alone retries a job whose worker died only when the job expires (hours
 * for an import). So each worker beats into `queue_workers` with the ids of the
 * jobs it runs, and every beat also looks for jobs that are active although no
 * live worker runs them: those are retried at once (see FREE_CRASH_RETRIES).
 * Handlers must therefore be safe to run again, which they are anyway (retries).
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private started = false;
  private readonly workerId = randomUUID();
  private readonly heartbeatSeconds: number;
  private readonly staleSeconds: number;
  /** Jobs this process is running; listed in each heartbeat. */
  private readonly running = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private beats = 0;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly metrics: Metrics,
    options: JobQueueOptions = {},
  ) {
    this.heartbeatSeconds = options.heartbeatSeconds ?? 5;
    this.staleSeconds = options.staleSeconds ?? 30;
    const adapter = db.kind === 'pglite' ? pgliteAdapter(db.raw as PGlite) : poolAdapter(db.raw as pg.Pool);
    this.boss = new PgBoss({
      db: adapter,
      schedule: options.schedule ?? true,
      supervise: true,
      migrate: true,
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 7,
    });
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  define<T>(definition: JobDefinition<T>): void {
    if (!/^[a-z0-9-]+$/.test(definition.name)) throw new Error(`job name must be letters, digits and dashes: ${definition.name}`);
    this.definitions.set(definition.name, definition);
  }

  /** Queues that an event type fans out to. */
  subscribersOf(eventType: string): string[] {
    return [...this.definitions.values()].filter((d) => d.subscribes?.includes(eventType)).map((d) => d.name);
  }

  /** Installs or upgrades the queue schema and creates every defined queue and its dead-letter queue. */
  async start(): Promise<void> {
    // Workers starting together on a fresh database would race to create the schema.
    await this.db.exclusively(QUEUE_SETUP_LOCK, () => this.setUp());
    this.started = true;
  }

  private async setUp(): Promise<void> {
    await this.boss.start();
    for (const definition of this.definitions.values()) {
      const deadLetter = deadLetterOf(definition.name);
      if (!(await this.boss.getQueue(deadLetter))) await this.boss.createQueue(deadLetter);
      const options: PgBoss.Queue = {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 5,
        retryDelay: definition.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
        deadLetter,
      };
      if (await this.boss.getQueue(definition.name)) await this.boss.updateQueue(definition.name, options);
      else await this.boss.createQueue(definition.name, options);
    }
    // The dispatcher inserts jobs from inside its own transaction, as its own role.
    await this.db.asOwner((tx) =>
      tx.exec(`grant usage on schema pgboss to reos_worker;
               grant select, insert on all tables in schema pgboss to reos_worker;`),
    );
  }

  /** Starts consuming every defined queue in this process and registers cron schedules. */
  async work({ soleWorker = false }: WorkOptions = {}): Promise<void> {
    if (soleWorker) {
      await this.recoverAbandonedJobs({ everyActive: true });
    } else {
      await this.beat();
      this.heartbeat = setInterval(() => {
        // A beat that is still under way (a slow database) is not doubled.
        this.beating ??= this.beat()
          .then(async () => void (await this.recoverAbandonedJobs()))
          .catch((error: unknown) => this.log.error({ err: error }, 'job queue heartbeat failed'))
          .finally(() => (this.beating = undefined));
      }, this.heartbeatSeconds * 1000);
    }
    for (const definition of this.definitions.values()) {
      const batchSize = definition.batchSize ?? 5;
      let workerId: string | undefined;
      // eslint-disable-next-line prefer-const -- pg-boss may run the handler before work() returns the id; a const would be read uninitialized
      workerId = await this.boss.work<JobEnvelope>(definition.name, { pollingIntervalSeconds: 1, batchSize }, async (jobs) => {
        for (const job of jobs) this.running.add(job.id);
        // Each job succeeds or fails on its own, and is completed or failed before it leaves `running`.
        await Promise.all(jobs.map((job) => this.run(definition, job)));
        // A full batch means more may be waiting: fetch again without the polling pause.
        if (jobs.length === batchSize && workerId) this.boss.notifyWorker(workerId);
      });
      if (definition.cron) await this.boss.schedule(definition.name, definition.cron, { tenantId: null, requestId: null, data: {} });
    }
  }

  private async run(definition: JobDefinition<never>, job: PgBoss.Job<JobEnvelope>): Promise<void> {
    const log = this.log.child({ job: definition.name, jobId: job.id, requestId: job.data.requestId, tenantId: job.data.tenantId });
    try {
      await definition.handler(job.data as JobEnvelope<never>, { jobId: job.id, log });
      this.metrics.jobsCompleted.inc({ queue: definition.name });
      await this.boss.complete(definition.name, job.id);
    } catch (error) {
      this.metrics.jobsFailed.inc({ queue: definition.name });
      log.warn({ err: error }, 'job failed; it will be retried until its retry limit, then dead-lettered');
      const message = error instanceof Error ? error.message : String(error);
      await this.boss.fail(definition.name, job.id, { message });
    } finally {
      this.running.delete(job.id);
    }
  }

  /** Tells the other workers that this one lives, and which jobs it runs. */
  private async beat(): Promise<void> {
    const [row] = await this.db.asPlatformWorker((tx) =>
      tx.query<{ registered: boolean }>(
        `insert into queue_workers (id, hostname, pid, job_ids) values ($1, $2, $3, $4::uuid[])
         on conflict (id) do update set beat_at = now(), job_ids = excluded.job_ids
         returning (xmax = 0) as registered`,
        [this.workerId, os.hostname(), process.pid, [...this.running]],
      ),
    );
    if (row?.registered && this.beats > 0) {
      this.log.warn(
        { workerId: this.workerId },
        'this worker missed its heartbeats long enough to be presumed dead: the jobs it was running were retried by others',
      );
    }
    this.beats++;
  }

  /**
   * Retries the jobs that are active although no live worker runs them: those of
   * workers that stopped beating, or, for the sole worker starting up, every active
   * one. A job fetched moments ago is listed only from its worker's next beat, so a
   * job counts as abandoned only once it has been active longer than a worker may
   * stay silent. Returns the jobs retried.
   */
  async recoverAbandonedJobs({ everyActive = false }: { everyActive?: boolean } = {}): Promise<{ queue: string; id: string }[]> {
    const recovered = await this.db.asOwner(async (tx) => {
      const dead = await tx.query<{ hostname: string; pid: number; beat_at: string }>(
        `delete from queue_workers where beat_at < now() - make_interval(secs => $1) returning hostname, pid, beat_at`,
        [this.staleSeconds],
      );
      for (const worker of dead) this.log.warn(worker, 'a job queue worker stopped beating; the jobs it was running are retried');
      const abandoned = await tx.query<{ name: string; id: string }>(
        `select j.name, j.id::text as id from pgboss.job j
          where j.state = 'active'
            and ($1::boolean or (j.started_on < now() - make_interval(secs => $2)
                 and not exists (select 1 from queue_workers w
                                  where j.id = any(w.job_ids) and w.beat_at >= now() - make_interval(secs => $2))))
          for update of j skip locked`,
        [everyActive, this.staleSeconds],
      );
      if (abandoned.length === 0) return [];
      const counted = await tx.query<{ id: string; queue: string; recoveries: number }>(
        `insert into queue_job_recoveries (job_id, queue, recoveries)
         select id, queue, 1 from unnest($1::uuid[], $2::text[]) as x(id, queue)
         on conflict (job_id) do update set recoveries = queue_job_recoveries.recoveries + 1, recovered_at = now()
         returning job_id::text as id, queue, recoveries`,
        [abandoned.map((job) => job.id), abandoned.map((job) => job.name)],
      );
      const free = counted.filter((job) => job.recoveries <= FREE_CRASH_RETRIES);
      // Without started_on, pg-boss does not count the next fetch as a retry.
      await tx.query(
        `update pgboss.job j set state = 'retry', start_after = now(), started_on = null
           from unnest($1::uuid[], $2::text[]) as x(id, queue)
          where j.name = x.queue and j.id = x.id and j.state = 'active'`,
        [free.map((job) => job.id), free.map((job) => job.queue)],
      );
      for (const job of counted.filter((job) => job.recoveries > FREE_CRASH_RETRIES)) {
        const message = `its worker stopped while running it, ${job.recoveries} times`;
        await this.boss.fail(job.queue, job.id, { message }, { db: txAdapter(tx) });
      }
      return counted;
    });
    for (const job of recovered) {
      this.metrics.jobsRecovered.inc({ queue: job.queue });
      this.log.warn(
        { job: job.queue, jobId: job.id, crashes: job.recoveries, counted: job.recoveries > FREE_CRASH_RETRIES },
        'retried a job whose worker stopped while running it',
      );
    }
    return recovered.map((job) => ({ queue: job.queue, id: job.id }));
  }

  async send<T>(name: string, envelope: JobEnvelope<T>): Promise<string | null> {
    return this.boss.send(name, envelope as object);
  }

  /** Enqueues jobs in the caller's transaction: they exist exactly if the transaction commits. */
  async insertInTransaction(tx: Tx, jobs: { name: string; eventId: string; envelope: JobEnvelope }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((job) => ({ id: jobIdFor(job.eventId, job.name), name: job.name, data: job.envelope })),
      { db: txAdapter(tx) },
    );
  }

  getJob(name: string, id: string) {
    return this.boss.getJobById<JobEnvelope>(name, id, { includeArchive: true });
  }

  /**
   * Stops fetching, waits for running jobs to finish (up to the timeout; pg-boss
   * fails those still running then), and only then stops beating and removes this
   * worker's row: its jobs stay claimed until they are done.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    if (!this.heartbeat) return;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    await this.beating;
    await this.db.asPlatformWorker((tx) => tx.query('delete from queue_workers where id = $1', [this.workerId]));
  }
}
