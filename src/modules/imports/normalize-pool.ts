import os from 'node:os';
import Tinypool from 'tinypool';
import { normalizeBatch, type NormalizeTask, type NormalizedBatch } from './normalize-batch.js';

/** Normalizes batches of rows, in worker threads or on the calling thread; results come back in the order asked. */
export interface Normalizer {
  readonly threads: number;
  normalize(task: NormalizeTask): Promise<NormalizedBatch>;
  close(): Promise<void>;
}

/** Worker threads to normalize in: the cores beyond the importing thread's, none on a single core. */
export function normalizeThreads(): number {
  return Math.max(0, os.availableParallelism() - 1);
}

/**
 * The module a worker loads. Built, it is the compiled normalize-batch.js beside this
 * file. From source (tsx, vitest) this file is TypeScript, which Node 20 does not load
 * in a worker thread, so the worker loads it through tsx, a development dependency.
 */
function workerModule(): string {
  const own = import.meta.url;
  if (!own.endsWith('.ts')) return new URL('./normalize-batch.js', own).href;
  const target = new URL('./normalize-batch.ts', own).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `const { tsImport } = await import(${JSON.stringify(tsx)});
export const { normalizeBatch } = await tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)});`;
  return `data:text/javascript,${encodeURIComponent(boot)}`;
}

const WORKER_HEAP_MB = 96;

export function openNormalizer(threads = normalizeThreads()): Normalizer {
  if (threads <= 0) return { threads: 0, normalize: async (task) => normalizeBatch(task), close: async () => {} };
  // A worker holds a batch or two at a time; a small heap makes it collect early rather than grow the process.
  const pool = new Tinypool({
    filename: workerModule(),
    name: 'normalizeBatch',
    minThreads: threads,
    maxThreads: threads,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 16 },
  });
  return {
    threads,
    normalize: (task) => pool.run(task) as Promise<NormalizedBatch>,
    close: () => pool.destroy(),
  };
}
