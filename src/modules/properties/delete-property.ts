import type { Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import {
  afterPositionOf,
  decodeCursor,
  encodeCursor,
  keyColumnsOf,
  keysOfRow,
  orderByOf,
  type KeysetOrder,
} from '../../platform/db/keyset.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import type { FileStorage } from '../../platform/storage/file-storage.js';
import { recordAudit } from '../audit/record-audit.js';
import { restack } from '../imports/apply-batch.js';
import { refreshParcelSearch } from './service.js';

export const PROPERTY_DELETED = 'property.deleted';
export const PROPERTY_RESTORED = 'property.restored';

/**
 * A deleted property goes to the trash (deleted_properties, migration 0016) with a
 * snapshot of its parcel row and of every row its delete removes, found from the
 * catalog's foreign keys rather than a list kept by hand: a table that references
 * parcels tomorrow is kept too. A restore puts the rows back as they were.
 */

type DeleteAction = 'cascade' | 'set null' | 'set default' | 'restrict' | 'no action';

export interface ForeignKey {
  table: string;
  parent: string;
  columns: string[];
  parentColumns: string[];
  action: DeleteAction;
  /** The columns a "set null" sets: all of `columns` unless the key names some. */
  setColumns: string[];
}

export interface TrashPlan {
  /** Tables whose rows a parcel's delete removes, parents before children (parcels first), with the cascading keys that reach each. */
  removed: { table: string; via: ForeignKey[] }[];
  /** Keys a parcel's delete sets to null: the restore links their rows again. */
  unlinked: ForeignKey[];
}

interface Snapshot {
  rows: Record<string, Record<string, unknown>[]>;
  relinks: { table: string; columns: string[]; rows: Record<string, unknown>[] }[];
}

const ACTIONS: Record<string, DeleteAction> = { c: 'cascade', n: 'set null', d: 'set default', r: 'restrict', a: 'no action' };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const list = (alias: string, columns: readonly string[]) => columns.map((column) => `${alias}.${ident(column)}`).join(', ');

/** Every foreign key of the application's tables, from the catalog. */
export async function readForeignKeys(tx: Tx): Promise<ForeignKey[]> {
  const rows = await tx.query<{
    table: string;
    parent: string;
    action: string;
    columns: string[];
    parent_columns: string[];
    set_columns: string[];
  }>(
    `select child.relname as table, parent.relname as parent, c.confdeltype as action,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as columns,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o) as parent_columns,
            array(select a.attname::text from unnest(coalesce(c.confdelsetcols, c.conkey)) with ordinality k(n, o)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as set_columns
       from pg_constraint c
       join pg_class child on child.oid = c.conrelid
       join pg_class parent on parent.oid = c.confrelid
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      order by child.relname, c.conname`,
  );
  return rows.map((row) => ({
    table: row.table,
    parent: row.parent,
    columns: row.columns,
    parentColumns: row.parent_columns,
    action: ACTIONS[row.action]!,
    setColumns: row.set_columns,
  }));
}

/**
 * What a parcel's delete touches: the tables its cascade reaches, at any depth, and the
 * keys it sets to null. A key the trash could not undo (restrict, no action, set
 * default) on any of those tables is a mistake of the schema, refused here.
 */
export function planTrash(foreignKeys: readonly ForeignKey[]): TrashPlan {
  const reached = new Set(['parcels']);
  for (let grew = true; grew;) {
    grew = false;
    for (const fk of foreignKeys) {
      if (fk.action === 'cascade' && reached.has(fk.parent) && !reached.has(fk.table)) {
        reached.add(fk.table);
        grew = true;
      }
    }
  }
  const into = foreignKeys.filter((fk) => reached.has(fk.parent));
  const unsupported = into.find((fk) => fk.action !== 'cascade' && fk.action !== 'set null');
  if (unsupported) {
    throw new Error(
      `${unsupported.table} references ${unsupported.parent} on delete ${unsupported.action}: the property trash cannot undo it`,
    );
  }
  const removed: TrashPlan['removed'] = [{ table: 'parcels', via: [] }];
  const placed = new Set(['parcels']);
  while (placed.size < reached.size) {
    const ready = (table: string) => into.every((fk) => fk.table !== table || fk.action !== 'cascade' || placed.has(fk.parent));
    const next = [...reached].find((table) => !placed.has(table) && ready(table));
    if (!next) throw new Error('The tables a parcel cascades to reference each other in a cycle: the property trash cannot order them');
    placed.add(next);
    removed.push({ table: next, via: into.filter((fk) => fk.table === next && fk.action === 'cascade') });
  }
  return { removed, unlinked: into.filter((fk) => fk.action === 'set null') };
}

/** Rows of `fk.table` whose key points at one of `parents` (rows of `fk.parent`), with its parameter appended to `params`. */
function pointsAt(fk: ForeignKey, parents: readonly object[], params: unknown[]): string {
  params.push(JSON.stringify(parents));
  return `(${list('t', fk.columns)}) in (select ${list('p', fk.parentColumns)} from jsonb_populate_recordset(null::${ident(fk.parent)}, $${params.length}::jsonb) p)`;
}

async function takeSnapshot(tx: Tx, plan: TrashPlan, parcel: Record<string, unknown>): Promise<Snapshot> {
  const rows: Snapshot['rows'] = { parcels: [parcel] };
  for (const { table, via } of plan.removed.slice(1)) {
    const reaching = via.filter((fk) => (rows[fk.parent]?.length ?? 0) > 0);
    if (reaching.length === 0) continue;
    const params: unknown[] = [];
    const where = reaching.map((fk) => pointsAt(fk, rows[fk.parent]!, params)).join(' or ');
    const [found] = await tx.query<{ rows: Record<string, unknown>[] | null }>(
      `select jsonb_agg(to_jsonb(t)) as rows from ${ident(table)} t where ${where}`,
      params,
    );
    if (found?.rows) rows[table] = found.rows;
  }
  const primaryKeys = await readPrimaryKeys(tx);
  const relinks: Snapshot['relinks'] = [];
  for (const fk of plan.unlinked) {
    const parents = rows[fk.parent];
    if (!parents) continue;
    const key = primaryKeys.get(fk.table);
    if (!key) throw new Error(`${fk.table} has no primary key: the property trash cannot link its rows again`);
    const params: unknown[] = [];
    const kept = [...new Set([...key, ...fk.setColumns])].map((column) => `'${column}', t.${ident(column)}`).join(', ');
    const [found] = await tx.query<{ rows: Record<string, unknown>[] | null }>(
      `select jsonb_agg(jsonb_build_object(${kept})) as rows from ${ident(fk.table)} t where ${pointsAt(fk, parents, params)}`,
      params,
    );
    if (found?.rows) relinks.push({ table: fk.table, columns: fk.setColumns, rows: found.rows });
  }
  return { rows, relinks };
}

async function readPrimaryKeys(tx: Tx): Promise<Map<string, string[]>> {
  const rows = await tx.query<{ table: string; columns: string[] }>(
    `select t.relname as table,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as columns
       from pg_constraint c join pg_class t on t.oid = c.conrelid
      where c.contype = 'p' and c.connamespace = 'public'::regnamespace`,
  );
  return new Map(rows.map((row) => [row.table, row.columns]));
}

/** The columns an insert may name (generated ones are computed), and whether an identity column needs OVERRIDING SYSTEM VALUE. */
async function readInsertableColumns(tx: Tx, tables: readonly string[]): Promise<Map<string, { columns: Set<string>; identity: boolean }>> {
  const rows = await tx.query<{ table: string; columns: string[]; identity: boolean }>(
    `select c.relname as table, array_agg(a.attname::text) filter (where a.attgenerated = '') as columns,
            bool_or(a.attidentity = 'a') as identity
       from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where c.relnamespace = 'public'::regnamespace and c.relname = any($1::text[])
      group by c.relname`,
    [tables],
  );
  return new Map(rows.map((row) => [row.table, { columns: new Set(row.columns), identity: row.identity }]));
}

/**
 * Whether a row's key `fk` still points at a row (or at nothing, a null part). A row
 * whose cascading parent is gone since is not restored, as its delete would have
 * removed it; a "set null" key to a row gone since is restored as null.
 */
const parentExists = (fk: ForeignKey) =>
  `(${fk.columns.map((column) => `r.${ident(column)} is null`).join(' or ')} or exists (select 1 from ${ident(fk.parent)} p where ${fk.columns
    .map((column, i) => `p.${ident(fk.parentColumns[i]!)} = r.${ident(column)}`)
    .join(' and ')}))`;

async function restoreSnapshot(tx: Tx, plan: TrashPlan, foreignKeys: readonly ForeignKey[], snapshot: Snapshot): Promise<void> {
  const insertable = await readInsertableColumns(tx, Object.keys(snapshot.rows));
  for (const { table } of plan.removed) {
    const rows = snapshot.rows[table];
    const target = insertable.get(table);
    if (!rows || !target) continue;
    const keys = foreignKeys.filter((fk) => fk.table === table);
    const nulled = new Map<string, string[]>();
    for (const fk of keys.filter((key) => key.action === 'set null')) {
      for (const column of fk.setColumns) nulled.set(column, [...(nulled.get(column) ?? []), parentExists(fk)]);
    }
    const columns = Object.keys(rows[0]!).filter((column) => target.columns.has(column));
    const values = columns.map((column) =>
      nulled.has(column) ? `case when ${nulled.get(column)!.join(' and ')} then r.${ident(column)} end` : `r.${ident(column)}`,
    );
    const guards = keys.filter((fk) => fk.action !== 'set null').map(parentExists);
    await tx.query(
      `insert into ${ident(table)} (${columns.map(ident).join(', ')}) ${target.identity ? 'overriding system value' : ''}
       select ${values.join(', ')} from jsonb_populate_recordset(null::${ident(table)}, $1::jsonb) r
       ${guards.length > 0 ? `where ${guards.join(' and ')}` : ''}`,
      [JSON.stringify(rows)],
    );
  }
  const primaryKeys = await readPrimaryKeys(tx);
  for (const relink of snapshot.relinks) {
    const key = primaryKeys.get(relink.table);
    if (!key) continue;
    // Only rows still unlinked: one linked to another property since keeps that link.
    await tx.query(
      `update ${ident(relink.table)} t set (${relink.columns.map(ident).join(', ')}) = (select ${list('r', relink.columns)})
         from jsonb_populate_recordset(null::${ident(relink.table)}, $1::jsonb) r
        where (${list('t', key)}) = (${list('r', key)}) and ${relink.columns.map((column) => `t.${ident(column)} is null`).join(' and ')}`,
      [JSON.stringify(relink.rows)],
    );
  }
}

/** Members who see only their assigned records cannot see all of a property's rows: they could neither keep nor restore them all. */
async function assertSeesAll(tx: Tx): Promise<void> {
  const [row] = await tx.query<{ assigned_only: boolean }>('select reos_sees_assigned_only() as assigned_only');
  if (row!.assigned_only) throw forbidden('Members who see only their assigned records cannot delete or restore properties');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Moves a property to the trash for 30 days, in one transaction: the snapshot is
 * written and the parcel deleted (its rows cascading), or neither. A property with
 * deals is refused: deleting deals is a decision of its own.
 */
export async function deleteProperty(db: Database, tenantId: string, actor: Actor, parcelId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    await assertSeesAll(tx);
    const [parcel] = await tx.query<{
      row: Record<string, unknown>;
      address_line1: string | null;
      city: string | null;
      zip: string | null;
    }>('select to_jsonb(p) as row, p.address_line1, p.city, p.zip from parcels p where p.id = $1 for update', [parcelId]);
    if (!parcel) throw notFound('Property');
    const [deals] = await tx.query<{ n: number }>('select count(*)::int as n from deals where parcel_id = $1', [parcelId]);
    if (deals!.n > 0) {
      throw new AppError('conflict', `This property has ${plural(deals!.n, 'deal')}: delete or close them first`, { deals: deals!.n });
    }
    const foreignKeys = await readForeignKeys(tx);
    const snapshot = await takeSnapshot(tx, planTrash(foreignKeys), parcel.row);
    await tx.query(
      `insert into deleted_properties (id, address_line1, city, zip, address_key, deleted_by, snapshot)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [parcelId, parcel.address_line1, parcel.city, parcel.zip, parcel.row.address_key ?? null, actor.label, JSON.stringify(snapshot)],
    );
    await tx.query('delete from parcels where id = $1', [parcelId]);
    const address = { address: parcel.address_line1, city: parcel.city, zip: parcel.zip };
    await recordAudit(tx, actor, { action: PROPERTY_DELETED, entityType: 'property', entityId: parcelId, before: address });
    await publishEvent(tx, {
      type: PROPERTY_DELETED,
      payload: { propertyId: parcelId, address: parcel.address_line1 },
      requestId: actor.requestId,
      actor,
    });
  });
}

/**
 * Puts a property of the trash back with every row it had, in one transaction. Its
 * search text, absentee flag and list stack are recomputed: its owners and lists may
 * have changed meanwhile. Refused when its address is a property again.
 */
export async function restoreProperty(db: Database, tenantId: string, actor: Actor, parcelId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    await assertSeesAll(tx);
    const [trashed] = await tx.query<{
      address_line1: string | null;
      city: string | null;
      zip: string | null;
      address_key: string | null;
      snapshot: Snapshot;
    }>('select address_line1, city, zip, address_key, snapshot from deleted_properties where id = $1 for update', [parcelId]);
    if (!trashed) throw notFound('Deleted property');
    const [existing] = await tx.query<{ id: string }>('select id from parcels where address_key = $1 limit 1', [trashed.address_key]);
    if (existing) {
      throw new AppError('conflict', 'This address is a property of the team again: the deleted one cannot come back beside it', {
        propertyId: existing.id,
      });
    }
    const foreignKeys = await readForeignKeys(tx);
    await restoreSnapshot(tx, planTrash(foreignKeys), foreignKeys, trashed.snapshot);
    await restack(tx, [parcelId]);
    await refreshParcelSearch(tx, [parcelId]);
    await tx.query('delete from deleted_properties where id = $1', [parcelId]);
    const address = { address: trashed.address_line1, city: trashed.city, zip: trashed.zip };
    await recordAudit(tx, actor, { action: PROPERTY_RESTORED, entityType: 'property', entityId: parcelId, after: address });
    await publishEvent(tx, {
      type: PROPERTY_RESTORED,
      payload: { propertyId: parcelId, address: trashed.address_line1 },
      requestId: actor.requestId,
      actor,
    });
  });
}

/** The trash, newest first. */
const TRASH_ORDER: KeysetOrder = {
  keys: [
    { sql: 'd.deleted_at', type: 'timestamptz' },
    { sql: 'd.id', type: 'uuid' },
  ],
  descending: true,
};

export async function listDeletedProperties(db: Database, tenantId: string, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? 50;
  const params: unknown[] = [];
  const after = query.cursor
    ? `where ${afterPositionOf(TRASH_ORDER, decodeCursor(query.cursor, 'deleted', [TRASH_ORDER]).keys, params)}`
    : '';
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<{
      id: string;
      address_line1: string | null;
      city: string | null;
      zip: string | null;
      deleted_by: string;
      deleted_at: Date;
      purge_after: Date;
      [key: `k${number}`]: string;
    }>(
      `select d.id, d.address_line1, d.city, d.zip, d.deleted_by, d.deleted_at, d.purge_after, ${keyColumnsOf(TRASH_ORDER)}
         from deleted_properties d ${after} order by ${orderByOf(TRASH_ORDER)} limit ${limit + 1}`,
      params,
    ),
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      address: row.address_line1,
      city: row.city,
      zip: row.zip,
      deletedBy: row.deleted_by,
      deletedAt: row.deleted_at.toISOString(),
      purgeAfter: row.purge_after.toISOString(),
    })),
    nextCursor: rows.length > limit ? encodeCursor('deleted', { part: 0, keys: keysOfRow(TRASH_ORDER, page[limit - 1]!) }) : null,
  };
}

/**
 * Removes the trash past its purge date for good, with its attachments' files. The
 * files are kept while a property is in the trash: a restore brings its attachments back.
 */
export async function purgeDeletedProperties(db: Database, storage: FileStorage): Promise<number> {
  const tenants = await db.asPlatformWorker((tx) =>
    tx.query<{ tenant_id: string }>('select distinct tenant_id from deleted_properties where purge_after <= now()'),
  );
  let purged = 0;
  for (const { tenant_id: tenantId } of tenants) {
    const rows = await db.withTenant(tenantId, (tx) =>
      tx.query<{ storage_keys: string[] }>(
        `delete from deleted_properties
          where id in (select id from deleted_properties where purge_after <= now() order by purge_after limit 500 for update skip locked)
          returning array(select a->>'storage_key' from jsonb_array_elements(coalesce(snapshot->'rows'->'attachments', '[]')) a) as storage_keys`,
      ),
    );
    // After the rows are gone: a crash in between leaves unreferenced files, never a restorable row without its files.
    for (const key of rows.flatMap((row) => row.storage_keys)) await storage.delete(key);
    purged += rows.length;
  }
  return purged;
}
