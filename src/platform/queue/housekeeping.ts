import type { Database } from '../db/database.js';
import type { JobDefinition } from './job-queue.js';

/**
 * Hourly: forget idempotency keys after 24 hours, dispatched outbox events after 7
 * days, and the crash counts of jobs after 30 days (pg-boss deletes the jobs themselves sooner).
 */
export function platformHousekeepingJob(db: Database): JobDefinition {
  return {
    name: 'platform-housekeeping',
    cron: '15 * * * *',
    retryLimit: 2,
    handler: async (_envelope, { log }) => {
      const counts = await db.asPlatformWorker(async (tx) => {
        const keys = await tx.query(`delete from idempotency_keys where created_at < now() - interval '24 hours' returning 1`);
        const events = await tx.query(`delete from outbox_events where dispatched_at < now() - interval '7 days' returning 1`);
        const recoveries = await tx.query(`delete from queue_job_recoveries where recovered_at < now() - interval '30 days' returning 1`);
        return { idempotencyKeys: keys.length, outboxEvents: events.length, jobRecoveries: recoveries.length };
      });
      log.info(counts, 'purged expired platform records');
    },
  };
}
