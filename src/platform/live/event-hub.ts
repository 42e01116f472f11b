import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';

/** An outbox event as the live stream sends it. */
export interface LiveEvent {
  id: string;
  tenantId: string;
  type: string;
  at: string;
  actor: { type: string; id: string | null; label: string } | null;
  payload: Record<string, unknown>;
}

export interface LiveSubscriber {
  tenantId: string;
  /** Whether an event may reach this subscriber (the member's visibility). */
  accepts(event: LiveEvent): boolean;
  send(event: LiveEvent): void;
}

interface OutboxRow {
  id: string;
  tenant_id: string;
  type: string;
  created_at: Date;
  actor: LiveEvent['actor'];
  payload: Record<string, unknown>;
}

const CHANNEL = 'reos_outbox';
const REPLAY_LIMIT = 1000;

const toEvent = (row: OutboxRow): LiveEvent => ({
  id: row.id,
  tenantId: row.tenant_id,
  type: row.type,
  at: row.created_at.toISOString(),
  actor: row.actor,
  payload: row.payload,
});

/**
 * Feeds the open live streams of this process from the outbox. A trigger notifies
 * the id of every new event at commit (migration 0015); each process listens, reads
 * the events of the tenants it has subscribers for, and hands each to the
 * subscribers allowed to see it. The same path serves PostgreSQL (one listening
 * connection per process, so several API processes each see every event) and the
 * embedded database (in-process notifications).
 */
export class LiveEventHub {
  private readonly subscribers = new Map<string, Set<LiveSubscriber>>();
  private readonly pending = new Set<string>();
  private reading = false;
  private flushing: Promise<void> = Promise.resolve();
  private stopListening: (() => Promise<void>) | undefined;
  /** The highest event id read, to catch up from after the listening connection was lost. */
  private lastReadId = 0n;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    const [row] = await this.db.asPlatformWorker((tx) =>
      tx.query<{ max: string | null }>('select max(id)::text as max from outbox_events'),
    );
    this.lastReadId = BigInt(row?.max ?? 0);
    this.stopListening = await this.db.listen(
      CHANNEL,
      (id) => this.enqueue(id),
      () => this.catchUp(),
    );
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = undefined;
    await this.flushing;
  }

  /** Starts delivering a tenant's new events to `subscriber`; returns the function that stops it. */
  subscribe(subscriber: LiveSubscriber): () => void {
    let set = this.subscribers.get(subscriber.tenantId);
    if (!set) this.subscribers.set(subscriber.tenantId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0) this.subscribers.delete(subscriber.tenantId);
    };
  }

  /** A tenant's events after `afterId` still in the outbox (kept a week), oldest first: what a reconnecting client missed. */
  async replay(tenantId: string, afterId: string): Promise<LiveEvent[]> {
    const rows = await this.db.asPlatformWorker((tx) =>
      tx.query<OutboxRow>(
        `select id::text as id, tenant_id, type, created_at, actor, payload from outbox_events
          where tenant_id = $1 and id > $2::bigint order by id limit ${REPLAY_LIMIT}`,
        [tenantId, afterId],
      ),
    );
    return rows.map(toEvent);
  }

  /**
   * An event is read at once when no read is under way; notifications arriving
   * while one is gather into the next read, so a burst costs a few queries, not one each.
   */
  private enqueue(id: string): void {
    if (!/^\d{1,19}$/.test(id) || this.subscribers.size === 0) return;
    this.pending.add(id);
    if (this.reading) return;
    this.reading = true;
    this.flushing = this.flushing.then(async () => {
      while (this.pending.size > 0) await this.flush();
      this.reading = false;
    });
  }

  private async flush(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    if (ids.length === 0 || this.subscribers.size === 0) return;
    try {
      const rows = await this.db.asPlatformWorker((tx) =>
        tx.query<OutboxRow>(
          `select id::text as id, tenant_id, type, created_at, actor, payload from outbox_events
            where id = any($1::bigint[]) and tenant_id = any($2::uuid[]) order by id`,
          [ids, [...this.subscribers.keys()]],
        ),
      );
      for (const id of ids) if (BigInt(id) > this.lastReadId) this.lastReadId = BigInt(id);
      this.deliver(rows.map(toEvent));
    } catch (error) {
      this.log.error({ err: error }, 'live events could not be read; their pages will catch up on reconnect');
    }
  }

  /** After the listening connection was replaced: what was committed meanwhile. */
  private catchUp(): void {
    this.flushing = this.flushing.then(async () => {
      try {
        const rows = await this.db.asPlatformWorker((tx) =>
          tx.query<OutboxRow>(
            `select id::text as id, tenant_id, type, created_at, actor, payload from outbox_events
              where id > $1::bigint order by id limit ${REPLAY_LIMIT * 10}`,
            [this.lastReadId.toString()],
          ),
        );
        for (const row of rows) if (BigInt(row.id) > this.lastReadId) this.lastReadId = BigInt(row.id);
        this.deliver(rows.map(toEvent));
      } catch (error) {
        this.log.error({ err: error }, 'live events could not be caught up; their pages will catch up on reconnect');
      }
    });
  }

  private deliver(events: LiveEvent[]): void {
    for (const event of events) {
      for (const subscriber of this.subscribers.get(event.tenantId) ?? []) {
        if (subscriber.accepts(event)) subscriber.send(event);
      }
    }
  }
}
