import { OutboxDispatcher } from '../platform/events/dispatcher.js';
import { platformHousekeepingJob } from '../platform/queue/housekeeping.js';
import { JobQueue, type WorkOptions } from '../platform/queue/job-queue.js';
import { projectActivityJob } from '../modules/activity/jobs.js';
import { recordDealOutcomesJob } from '../modules/deals/outcomes.js';
import { enrichmentDepsOf } from '../modules/enrichment/enrichment-deps.js';
import { enrichParcelsJob, rederiveOutdatedSignalsJob, settleAbandonedCallsJob } from '../modules/enrichment/jobs.js';
import { purgeSessionsJob } from '../modules/identity/jobs.js';
import { runImportJob } from '../modules/imports/jobs.js';
import { speedToLeadJob } from '../modules/leads/jobs.js';
import { notifyMembersJob } from '../modules/notifications/jobs.js';
import { purgeDeletedPropertiesJob } from '../modules/properties/jobs.js';
import { taskRemindersJob } from '../modules/tasks/jobs.js';
import { invitationEmailJob } from '../modules/invitations/jobs.js';
import { refitModelJob, rescoreParcelsJob, retrainModelsJob, trainModelJob } from '../modules/scoring/jobs.js';
import { retrainValuationModelsJob } from '../modules/valuation/jobs.js';
import { openFileStorage } from '../platform/storage/open-storage.js';
import type { Runtime } from './runtime.js';

export interface Worker {
  queue: JobQueue;
  dispatcher: OutboxDispatcher;
  stop(): Promise<void>;
}

/** Every job the platform runs, with its queue options and the events that start it. */
export function createJobQueue(runtime: Runtime): JobQueue {
  const queue = new JobQueue(runtime.db, runtime.log, runtime.metrics, {
    heartbeatSeconds: runtime.config.workerHeartbeatSeconds,
    staleSeconds: runtime.config.workerStaleSeconds,
  });
  queue.define(platformHousekeepingJob(runtime.db));
  queue.define(purgeSessionsJob(runtime.db));
  queue.define(invitationEmailJob());
  queue.define(runImportJob(runtime.db));
  queue.define(enrichParcelsJob(enrichmentDepsOf(runtime)));
  queue.define(settleAbandonedCallsJob(runtime.db));
  queue.define(rederiveOutdatedSignalsJob(runtime.db));
  queue.define(rescoreParcelsJob(runtime.db));
  queue.define(trainModelJob(runtime.db));
  queue.define(refitModelJob(runtime.db));
  queue.define(retrainModelsJob(runtime.db));
  queue.define(retrainValuationModelsJob(runtime.db));
  queue.define(projectActivityJob(runtime.db));
  queue.define(speedToLeadJob(runtime.db));
  queue.define(recordDealOutcomesJob(runtime.db));
  queue.define(taskRemindersJob(runtime.db));
  queue.define(notifyMembersJob(runtime.db));
  queue.define(purgeDeletedPropertiesJob(runtime.db, openFileStorage(runtime.config)));
  return queue;
}

/**
 * Starts consuming jobs and dispatching the outbox in this process. Jobs a crashed
 * worker left active are retried: at once by a sole worker (embedded mode), else
 * once the worker that ran them stopped beating.
 */
export async function startWorker(runtime: Runtime, options: WorkOptions = {}): Promise<Worker> {
  const queue = createJobQueue(runtime);
  await queue.start();
  await queue.work(options);
  const dispatcher = new OutboxDispatcher(runtime.db, queue, runtime.log);
  dispatcher.start();
  runtime.log.info('worker started');
  return {
    queue,
    dispatcher,
    async stop() {
      await dispatcher.stop();
      await queue.stop();
    },
  };
}
