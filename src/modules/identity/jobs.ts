import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';

/** Daily: drop sessions ended or expired over 30 days ago (with their refresh tokens) and stale throttle rows. */
export function purgeSessionsJob(db: Database): JobDefinition {
  return {
    name: 'purge-expired-sessions',
    cron: '45 3 * * *',
    retryLimit: 2,
    handler: async (_envelope, { log }) => {
      const counts = await db.withGlobal(async (tx) => {
        const sessions = await tx.query(
          `delete from sessions where coalesce(revoked_at, expires_at) < now() - interval '30 days' returning 1`,
        );
        const throttles = await tx.query(
          `delete from auth_throttle where window_started_at < now() - interval '1 day'
             and (blocked_until is null or blocked_until < now()) returning 1`,
        );
        return { sessions: sessions.length, throttleEntries: throttles.length };
      });
      log.info(counts, 'purged expired sessions');
    },
  };
}
