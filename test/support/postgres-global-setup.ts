import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** Admin URL of the PostgreSQL server for this run, or null when none can be had. */
    postgresUrl: string | null;
  }
}

/**
 * The PostgreSQL suite runs against TEST_DATABASE_URL when given, otherwise a
 * throwaway cluster started here from the local PostgreSQL binaries.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  if (!findPostgresBin()) {
    console.warn('PostgreSQL binaries not found and TEST_DATABASE_URL unset: the PostgreSQL suite is skipped');
    project.provide('postgresUrl', null);
    return;
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
