import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { reachedBy, recordOutreach } from './service.js';

/** Stamps speed to lead (first attempt, first contact) from the calls logged on a lead. */
export function speedToLeadJob(db: Database): JobDefinition {
  return {
    name: 'record-lead-outreach',
    subscribes: ['call.logged'],
    retryLimit: 10,
    retryDelaySeconds: 5,
    handler: async ({ tenantId, data, event }) => {
      if (!tenantId || !event || typeof data.leadId !== 'string') return;
      const leadId = data.leadId;
      const actor = { type: 'system' as const, id: null, label: 'speed to lead', requestId: null, ip: null };
      await db.withTenant(tenantId, (tx) => recordOutreach(tx, actor, leadId, { at: event.at, reached: reachedBy(data.outcome) }));
    },
  };
}
