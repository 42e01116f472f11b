import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { packageRoot } from '../platform/config/package-root.js';
import { pendingMigrations } from '../platform/db/migrate.js';
import { errorBody } from '../platform/http/errors.js';
import { createHttpServer, type App } from '../platform/http/server.js';
import { activityRoutes } from '../modules/activity/routes.js';
import { apiKeyRoutes } from '../modules/api-keys/routes.js';
import { authenticateApiKey, isApiKey } from '../modules/api-keys/service.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { enrichmentDepsOf } from '../modules/enrichment/enrichment-deps.js';
import { dealRoutes } from '../modules/deals/routes.js';
import { enrichmentRoutes } from '../modules/enrichment/routes.js';
import { identityRoutes } from '../modules/identity/routes.js';
import { importRoutes } from '../modules/imports/routes.js';
import { authenticateAccessToken } from '../modules/identity/service.js';
import { invitationRoutes } from '../modules/invitations/routes.js';
import { leadRoutes } from '../modules/leads/routes.js';
import { notificationRoutes } from '../modules/notifications/routes.js';
import { propertyRoutes } from '../modules/properties/routes.js';
import { savedViewRoutes } from '../modules/saved-views/routes.js';
import { buyerMatchingRoutes } from '../modules/buyer-matching/routes.js';
import { buyerRoutes } from '../modules/buyers/routes.js';
import { scoringRoutes } from '../modules/scoring/routes.js';
import { searchRoutes } from '../modules/search/routes.js';
import { taskRoutes } from '../modules/tasks/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { valuationRoutes } from '../modules/valuation/routes.js';
import type { Runtime } from './runtime.js';
import { openFileStorage } from '../platform/storage/open-storage.js';
import { LiveEventHub } from '../platform/live/event-hub.js';
import { liveRoutes } from '../platform/live/routes.js';

/** /healthz, /readyz and /metrics: what probes and Prometheus scrape on every process. */
function registerOpsRoutes(app: App, runtime: Runtime): void {
  const { db } = runtime;
  const Health = Type.Object({ status: Type.String() });
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'The process is up', security: [], response: { 200: Health } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'The database answers and its schema is current',
        security: [],
        response: { 200: Health, 503: Type.Ref('ErrorBody') },
      },
    },
    async (request, reply) => {
      try {
        await db.ping();
        const pending = await pendingMigrations(db);
        if (pending.length > 0) {
          return reply.code(503).send(errorBody('unavailable', `Migrations pending: ${pending.join(', ')}`, request.id));
        }
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.code(503).send(errorBody('unavailable', 'Database unreachable', request.id));
      }
      return { status: 'ready' };
    },
  );
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics', security: [] } }, async (_request, reply) =>
    reply.type(runtime.metrics.registry.contentType).send(await runtime.metrics.registry.metrics()),
  );
}

/** The HTTP app of a worker process: only the operations routes. */
export async function buildOpsApp(runtime: Runtime): Promise<App> {
  const app = await createHttpServer({
    config: runtime.config,
    db: runtime.db,
    metrics: runtime.metrics,
    logger: runtime.log,
    version: runtime.version,
    authenticate: async () => undefined,
  });
  registerOpsRoutes(app, runtime);
  return app;
}

export function defaultWebDir(): string {
  return path.join(packageRoot(), 'dist', 'web');
}

export interface HttpAppOptions {
  /** Built web UI to serve at `/`. */
  webDir?: string;
  /** Base URL of the web UI, for links in emails. */
  publicUrl: string;
}

/** The HTTP application: platform concerns plus every module's routes under /api/v1. */
export async function buildHttpApp(runtime: Runtime, options: HttpAppOptions): Promise<App> {
  const { db, identity, config } = runtime;
  const app = await createHttpServer({
    config,
    db,
    metrics: runtime.metrics,
    logger: runtime.log,
    version: runtime.version,
    webDir: options.webDir,
    authenticate: (bearer) => (isApiKey(bearer) ? authenticateApiKey(db, bearer) : authenticateAccessToken(identity, bearer)),
  });

  registerOpsRoutes(app, runtime);
  const hub = new LiveEventHub(db, runtime.log);
  await hub.start();
  app.addHook('onClose', () => hub.stop());

  await app.register(
    async (api) => {
      await api.register(identityRoutes(identity));
      await api.register(userRoutes(db));
      await api.register(invitationRoutes(identity, options.publicUrl));
      await api.register(apiKeyRoutes(db));
      await api.register(auditRoutes(db));
      await api.register(propertyRoutes(db));
      await api.register(scoringRoutes(db));
      await api.register(importRoutes({ db, uploadDir: path.join(config.dataDir, 'uploads'), uploadLimitBytes: config.uploadLimitBytes }));
      await api.register(enrichmentRoutes(enrichmentDepsOf(runtime)));
      await api.register(valuationRoutes(db));
      await api.register(dealRoutes(db));
      await api.register(savedViewRoutes(db));
      await api.register(buyerRoutes({ db, uploadDir: path.join(config.dataDir, 'uploads'), uploadLimitBytes: config.uploadLimitBytes }));
      await api.register(buyerMatchingRoutes(db));
      await api.register(taskRoutes(db));
      await api.register(activityRoutes({ db, storage: openFileStorage(config), attachmentMaxBytes: config.attachmentMaxBytes }));
      await api.register(liveRoutes({ db, hub }));
      await api.register(searchRoutes(db));
      await api.register(notificationRoutes(db));
    },
    { prefix: '/api/v1' },
  );
  // The hosted lead form lives outside /api; the lead routes name their own paths.
  await app.register(leadRoutes(db));
  return app;
}
