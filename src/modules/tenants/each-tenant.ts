import type { Database } from '../../platform/db/database.js';

export interface TenantOutcome<T> {
  tenantId: string;
  result?: T;
  error?: unknown;
}

/** Runs `work` for every tenant in turn, oldest first; one tenant's failure does not stop the others. */
export async function forEachTenant<T>(db: Database, work: (tenantId: string) => Promise<T>): Promise<TenantOutcome<T>[]> {
  const tenants = await db.withGlobal((tx) => tx.query<{ id: string }>('select id from tenants order by created_at'));
  const outcomes: TenantOutcome<T>[] = [];
  for (const { id } of tenants) {
    try {
      outcomes.push({ tenantId: id, result: await work(id) });
    } catch (error) {
      outcomes.push({ tenantId: id, error });
    }
  }
  return outcomes;
}
