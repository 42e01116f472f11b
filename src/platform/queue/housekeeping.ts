import type { Database } from '../db/database.js';
import type { JobDefinition } from './job-queue.js';

/** Hourly: forget idempotency keys after 24 hours and dispatched outbox events after 7 days. */
export function platformHousekeepingJob(db: Database): JobDefinition {
  return {
    name: 'platform-housekeeping',
    cron: '15 * * * *',
    retryLimit: 2,
    handler: async (_envelope, { log }) => {
      const counts = await db.asPlatformWorker(async (tx) => {
        const keys = await tx.query(`delete from idempotency_keys where created_at < now() - interval '24 hours' returning 1`);
        const events = await tx.query(`delete from outbox_events where dispatched_at < now() - interval '7 days' returning 1`);
        return { idempotencyKeys: keys.length, outboxEvents: events.length };
      });
      log.info(counts, 'purged expired platform records');
    },
  };
}
