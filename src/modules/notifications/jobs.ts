import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { draftOf, notifyOf } from './service.js';

/**
 * Turns the events people must hear about into notifications in the app; a task
 * falling due is also e-mailed to its assignee. Until an e-mail channel is
 * configured the message is written to the log, as invitations are.
 */
export function notifyMembersJob(db: Database): JobDefinition {
  return {
    name: 'notify-members',
    subscribes: ['task.due', 'note.added', 'lead.assigned', 'lead.captured'],
    retryLimit: 5,
    retryDelaySeconds: 10,
    handler: async ({ tenantId, data, event }, { log }) => {
      if (!tenantId || !event) return;
      const notified = await db.withTenant(tenantId, async (tx) => {
        const userIds = await notifyOf(tx, event, data);
        if (event.type !== 'task.due' || userIds.length === 0) return [];
        return tx.query<{ email: string }>(
          'select u.email from users u join memberships m on m.user_id = u.id where u.id = any($1::uuid[])',
          [userIds],
        );
      });
      for (const { email } of notified) emailReminder(log, email, draftOf(event, data)!.title, data);
    },
  };
}

function emailReminder(log: FastifyBaseLogger, to: string, subject: string, data: Record<string, unknown>): void {
  log.info(
    { event: 'email', to, subject, text: `${subject}\nDue at ${String(data.dueAt)}\n`, taskId: data.taskId },
    'task reminder email (no email channel configured: logged instead of sent)',
  );
}
