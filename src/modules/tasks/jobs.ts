import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { publishEvent } from '../../platform/events/outbox.js';

export const TASK_DUE = 'task.due';

/**
 * Every minute: each open task whose due time has come is announced once (task.due),
 * which reminds its assignee in the app and by e-mail. The tenants with tasks due
 * are found across tenants; each tenant's are then marked and announced in its own
 * transaction, so a crash leaves a task either announced and marked, or neither.
 */
export function taskRemindersJob(db: Database): JobDefinition {
  return {
    name: 'send-task-reminders',
    cron: '* * * * *',
    retryLimit: 2,
    handler: async () => {
      const tenants = await db.asPlatformWorker((tx) =>
        tx.query<{ tenant_id: string }>(
          'select distinct tenant_id from tasks where due_at <= now() and done_at is null and reminded_at is null',
        ),
      );
      for (const { tenant_id: tenantId } of tenants) {
        await db.withTenant(tenantId, async (tx) => {
          const due = await tx.query<{
            id: string;
            title: string;
            due_at: Date;
            assignee_id: string | null;
            deal_id: string | null;
            lead_id: string | null;
            parcel_id: string | null;
          }>(
            `update tasks set reminded_at = now()
              where id in (select id from tasks where due_at <= now() and done_at is null and reminded_at is null
                            order by due_at limit 500 for update skip locked)
              returning id, title, due_at, assignee_id, deal_id, lead_id, parcel_id`,
          );
          for (const task of due) {
            await publishEvent(tx, {
              type: TASK_DUE,
              payload: {
                taskId: task.id,
                title: task.title,
                dueAt: task.due_at.toISOString(),
                assigneeId: task.assignee_id,
                dealId: task.deal_id,
                leadId: task.lead_id,
                propertyId: task.parcel_id,
              },
              actor: { type: 'system', id: null, label: 'reminders' },
            });
          }
        });
      }
    },
  };
}
