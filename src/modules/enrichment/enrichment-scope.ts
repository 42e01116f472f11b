import { whereOf } from '../properties/service.js';
import type { PropertyQuery } from '../properties/schema.js';

/** A property filter as the property list takes it, without paging and order. */
export type PropertyFilter = Omit<PropertyQuery, 'sort' | 'limit' | 'offset'>;

/** Which parcels a run enriches. */
export type EnrichmentScope = { parcelIds: string[] } | { listId: string } | { filter: PropertyFilter } | { importId: string };

/** The scope as a WHERE clause over `parcels p`, parameters numbered from $1. */
export function scopeFilter(scope: EnrichmentScope): { sql: string; params: unknown[] } {
  if ('parcelIds' in scope) return { sql: 'where p.id = any($1::uuid[])', params: [scope.parcelIds] };
  if ('listId' in scope) return whereOf({ list: scope.listId });
  if ('filter' in scope) return whereOf(scope.filter);
  // An import's parcels: those it put on its list, and those of its list changed since it started.
  return {
    sql: `where exists (select 1 from imports i join list_memberships lm on lm.list_id = i.list_id
                         where i.id = $1 and lm.parcel_id = p.id and (lm.import_id = i.id or p.updated_at >= i.started_at))`,
    params: [scope.importId],
  };
}
