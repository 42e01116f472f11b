import type { Database } from '../../platform/db/database.js';
import type { JobDefinition } from '../../platform/queue/job-queue.js';
import type { FileStorage } from '../../platform/storage/file-storage.js';
import { purgeDeletedProperties } from './delete-property.js';

/** Daily: deleted properties 30 days in the trash are removed for good, with their attachments' files. */
export function purgeDeletedPropertiesJob(db: Database, storage: FileStorage): JobDefinition {
  return {
    name: 'purge-deleted-properties',
    cron: '15 4 * * *',
    retryLimit: 2,
    handler: async (_envelope, { log }) => {
      const purged = await purgeDeletedProperties(db, storage);
      log.info({ purged }, 'purged deleted properties');
    },
  };
}
