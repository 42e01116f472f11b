import type { Config } from '../platform/config/config.js';
import type { App } from '../platform/http/server.js';
import { randomSecret } from '../platform/auth/secrets.js';
import { freePort } from '../platform/net/free-port.js';
import { demoBanner, ensureDemoTenant } from './demo.js';
import { buildHttpApp, buildOpsApp, defaultWebDir } from './http-app.js';
import { DataDirLocked, lockDataDir, readLockHolder } from './data-dir-lock.js';
import { registerCommandRoute, removeServerFile, writeServerFile } from './local-server.js';
import { openRuntime, type Runtime } from './runtime.js';
import { startWorker, type Worker } from './worker.js';

export interface ServeOptions {
  api: boolean;
  worker: boolean;
  /** The API's port; for a worker alone, the port of its /healthz, /readyz and /metrics (none when absent). */
  port: number | undefined;
  host: string;
}

/**
 * Runs the API, the worker, or both in this process until SIGINT/SIGTERM, then
 * shuts down gracefully: stop accepting requests, finish in-flight requests and
 * running jobs, close the database.
 */
export async function serve(config: Readonly<Config>, options: ServeOptions): Promise<void> {
  const embedded = !config.databaseUrl;
  let releaseLock: (() => Promise<void>) | undefined;
  let log: Runtime['log'] | undefined;
  if (embedded) {
    try {
      releaseLock = await lockDataDir(config.dataDir, {
        // Another process took the folder: writing on would corrupt the database, so stop at once.
        onCompromised: (error) => {
          if (log) log.fatal({ err: error }, 'the data folder lock was lost; stopping');
          else process.stderr.write(`reos: ${error.message}; stopping\n`);
          process.exit(1);
        },
      });
      // A server killed outright left its file; CLI commands must not send anything to it.
      removeServerFile(config.dataDir);
    } catch (error) {
      if (error instanceof DataDirLocked) {
        throw new Error(
          `${error.message}. Embedded mode runs one process per data folder: stop the other one, or use DATABASE_URL to run several.`,
        );
      }
      throw error;
    }
  }
  const runtime = await openRuntime(config, { processMetrics: true });
  log = runtime.log;
  let app: App | undefined;
  let worker: Worker | undefined;
  let stopping: Promise<void> | undefined;

  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      runtime.log.info({ signal }, 'shutting down');
      await app?.close();
      await worker?.stop();
      if (embedded) removeServerFile(config.dataDir);
      await runtime.db.close();
      await releaseLock?.();
      runtime.log.info('stopped');
    })();
    return stopping;
  };
  process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));

  try {
    // Embedded, this process is the folder's only worker: whatever it finds running was cut off by a crash.
    if (options.worker) worker = await startWorker(runtime, { soleWorker: embedded });
    if (!options.api && options.port !== undefined) {
      app = await buildOpsApp(runtime);
      await app.listen({ port: options.port, host: options.host });
      runtime.log.info({ port: options.port }, 'worker health and metrics are served');
    }
    if (options.api) {
      // Port 0 picks a free port, known only after listening; links need it before.
      const port = options.port || (await freePort());
      const publicUrl = config.publicUrl ?? `http://localhost:${port}`;
      app = await buildHttpApp(runtime, { webDir: defaultWebDir(), publicUrl });
      const operatorToken = randomSecret();
      if (embedded) registerCommandRoute(app, runtime, operatorToken);
      await app.listen({ port, host: options.host });
      if (embedded) writeServerFile(config.dataDir, port, operatorToken, readLockHolder(config.dataDir)!.token);
      if (config.demo) {
        const demo = await ensureDemoTenant(runtime);
        if (demo.created) process.stdout.write(demoBanner(demo, publicUrl) + '\n');
      }
      runtime.log.info({ url: publicUrl, docs: `${publicUrl}/docs` }, 'Real Estate OS is listening');
    }
  } catch (error) {
    await shutdown('startup failure');
    throw error;
  }
}
