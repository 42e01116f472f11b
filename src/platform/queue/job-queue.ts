import { createHash } from 'node:crypto';
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
  return { executeSql: (text, values) => pool.query(text, values as unknown[]) };
}

function txAdapter(tx: Tx): PgBossDb {
  return { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) };
}

export const deadLetterOf = (name: string) => `${name}-dead`;

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
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private started = false;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly metrics: Metrics,
    options: { schedule: boolean } = { schedule: true },
  ) {
    const adapter = db.kind === 'pglite' ? pgliteAdapter(db.raw as PGlite) : poolAdapter(db.raw as pg.Pool);
    this.boss = new PgBoss({
      db: adapter as PgBoss.Db,
      schedule: options.schedule,
      supervise: true,
      migrate: true,
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 7,
    });
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  define<T>(definition: JobDefinition<T>): void {
    if (!/^[a-z0-9-]+$/.test(definition.name)) throw new Error(`job name must be letters, digits and dashes: ${definition.name}`);
    this.definitions.set(definition.name, definition as JobDefinition<never>);
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
  async work(): Promise<void> {
    for (const definition of this.definitions.values()) {
      const batchSize = definition.batchSize ?? 5;
      let workerId: string | undefined;
      workerId = await this.boss.work<JobEnvelope>(definition.name, { pollingIntervalSeconds: 1, batchSize }, async (jobs) => {
        // Each job succeeds or fails on its own; pg-boss then completes the ones still active.
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
    } catch (error) {
      this.metrics.jobsFailed.inc({ queue: definition.name });
      log.warn({ err: error }, 'job failed; it will be retried until its retry limit, then dead-lettered');
      const message = error instanceof Error ? error.message : String(error);
      await this.boss.fail(definition.name, job.id, { message });
    }
  }

  async send<T>(name: string, envelope: JobEnvelope<T>): Promise<string | null> {
    return this.boss.send(name, envelope as object);
  }

  /** Enqueues jobs in the caller's transaction: they exist exactly if the transaction commits. */
  async insertInTransaction(tx: Tx, jobs: { name: string; eventId: string; envelope: JobEnvelope }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((job) => ({ id: jobIdFor(job.eventId, job.name), name: job.name, data: job.envelope })),
      { db: txAdapter(tx) as PgBoss.Db },
    );
  }

  getJob(name: string, id: string) {
    return this.boss.getJobById<JobEnvelope>(name, id, { includeArchive: true });
  }

  /** Stops fetching, waits for running jobs to finish (up to the timeout), then closes. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  }
}
