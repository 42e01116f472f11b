import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { TIMELINE_KINDS, projectEvent } from './timeline.js';

/** Copies each timeline event from the outbox into the timelines of the records it concerns. */
export function projectActivityJob(db: Database): JobDefinition {
  return {
    name: 'project-activity',
    subscribes: [...TIMELINE_KINDS],
    retryLimit: 10,
    retryDelaySeconds: 5,
    batchSize: 20,
    handler: async ({ tenantId, data, event }) => {
      if (!tenantId || !event) return;
      await db.withTenant(tenantId, (tx) => projectEvent(tx, event, data));
    },
  };
}
