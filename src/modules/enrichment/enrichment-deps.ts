import type { Config } from '../../platform/config/config.js';
import type { Database } from '../../platform/db/database.js';
import { externalProviders, type ExternalProvider } from './external-providers.js';

export interface EnrichmentDeps {
  db: Database;
  external: ExternalProvider[];
  /** Calls to one provider in flight at once, per job. */
  concurrency: number;
  /** Days an answer stays in the cache; 0: answers are not kept. */
  cacheDays: number;
}

const byDatabase = new WeakMap<Database, EnrichmentDeps>();

/**
 * The enrichment services of a process. One set per database handle, so the
 * API and the worker of one process (`reos start`) share each provider's
 * circuit breaker, and the providers page shows the state the worker sees.
 */
export function enrichmentDepsOf(runtime: { db: Database; config: Readonly<Config> }): EnrichmentDeps {
  let deps = byDatabase.get(runtime.db);
  if (!deps) {
    deps = {
      db: runtime.db,
      external: externalProviders(runtime.config),
      concurrency: runtime.config.providerConcurrency,
      cacheDays: runtime.config.providerCacheDays,
    };
    byDatabase.set(runtime.db, deps);
  }
  return deps;
}
