import type { JobDefinition } from '../../platform/queue/job-queue.js';
import { INVITATION_CREATED } from './service.js';

interface InvitationCreated {
  invitationId: string;
  email: string;
  role: string;
  tenantName: string;
  invitedBy: string;
  acceptUrl: string;
}

/**
 * Delivers the invitation email. Until an email channel is configured the message
 * is written to the log, where an operator can pass the link on.
 */
export function invitationEmailJob(): JobDefinition<InvitationCreated> {
  return {
    name: 'send-invitation-email',
    subscribes: [INVITATION_CREATED],
    retryLimit: 5,
    retryDelaySeconds: 10,
    handler: async ({ data }, { log }) => {
      log.info(
        {
          event: 'email',
          to: data.email,
          subject: `${data.invitedBy} invited you to ${data.tenantName} on Real Estate OS`,
          text: `You have been invited to join ${data.tenantName} as ${data.role}.\n\nAccept within 7 days: ${data.acceptUrl}\n`,
          invitationId: data.invitationId,
        },
        'invitation email (no email channel configured: logged instead of sent)',
      );
    },
  };
}
