import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.js';

/** One registry per process (and per test app), so metrics of two apps never mix. */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobsCompleted = new Counter({
    name: 'jobs_completed_total',
    help: 'Jobs this process completed, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly jobsFailed = new Counter({
    name: 'jobs_failed_total',
    help: 'Job attempts that failed in this process, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly jobsRecovered = new Counter({
    name: 'jobs_recovered_total',
    help: 'Jobs this process retried because the worker running them stopped (crash), by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor(db: Database, options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });

    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (embedded PGlite reports one connection)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const stats = db.poolStats();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });

    new Gauge({
      name: 'job_queue_depth',
      help: 'Jobs in the queue by queue name and state (created, retry, active, failed)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await db
          .asOwner((tx) =>
            tx.query<{ name: string; state: string; count: number }>(
              `select name, state::text as state, count(*)::int as count
                 from pgboss.job where state in ('created', 'retry', 'active', 'failed')
                group by name, state`,
            ),
          )
          .catch(() => []); // the queue schema does not exist until a worker has started once
        for (const row of rows) this.set({ queue: row.name, state: row.state }, row.count);
      },
    });
  }
}
