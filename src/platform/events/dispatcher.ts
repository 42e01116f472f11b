import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import type { JobQueue, OutboxEventInfo } from '../queue/job-queue.js';

interface OutboxRow {
  id: string;
  tenant_id: string;
  type: string;
  payload: Record<string, unknown>;
  request_id: string | null;
  created_at: Date;
  actor: OutboxEventInfo['actor'];
}

const BATCH = 200;

/**
 * Moves outbox events into jobs. Each batch is claimed with SKIP LOCKED, turned
 * into jobs and marked dispatched in one transaction, so with several workers an
 * event is dispatched once, and a crash mid-batch leaves it to be dispatched again.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs = 500,
  ) {}

  /** Dispatches one batch; returns how many events it handled. */
  async dispatchBatch(): Promise<number> {
    return this.db.asPlatformWorker(async (tx) => {
      const events = await tx.query<OutboxRow>(
        `select id::text as id, tenant_id, type, payload, request_id, created_at, actor from outbox_events
          where dispatched_at is null order by id limit $1 for update skip locked`,
        [BATCH],
      );
      if (events.length === 0) return 0;
      const jobs = events.flatMap((event) =>
        this.queue.subscribersOf(event.type).map((name) => ({
          name,
          eventId: event.id,
          envelope: {
            tenantId: event.tenant_id,
            requestId: event.request_id,
            data: { ...event.payload, eventType: event.type },
            event: { id: event.id, type: event.type, at: event.created_at.toISOString(), actor: event.actor },
          },
        })),
      );
      await this.queue.insertInTransaction(tx, jobs);
      await tx.query('update outbox_events set dispatched_at = now() where id = any($1::bigint[])', [events.map((e) => e.id)]);
      return events.length;
    });
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      try {
        while (!this.stopped && (await this.dispatchBatch()) === BATCH);
      } catch (error) {
        this.log.error({ err: error }, 'outbox dispatch failed; retrying');
      }
      if (!this.stopped) {
        this.timer = setTimeout(() => {
          this.running = tick();
        }, this.intervalMs);
      }
    };
    this.running = tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
