import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openTestDatabase, skipDatabase, testDbKind } from '../support/test-app.js';

describe.skipIf(skipDatabase())('the database door', () => {
  let db: Database;
  let single: Database | undefined;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestDatabase();
    db = opened.db;
    drop = opened.drop;
    await migrate(db);
    // One connection only, so a connection left in a broken state would show at once.
    if (testDbKind() === 'postgres') single = await Database.open({ databaseUrl: opened.url, poolMax: 1 });
  });
  afterAll(async () => {
    await single?.close();
    await drop?.();
  });

  it('rolls back everything a failing callback wrote', async () => {
    const tenantId = randomUUID();
    await expect(
      db.withTenant(tenantId, async (tx) => {
        await tx.query(`insert into tenants (id, slug, name) values ($1, $2, 'Rolled Back')`, [tenantId, `rb-${tenantId.slice(0, 8)}`]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.withGlobal((tx) => tx.query('select 1 from tenants where id = $1', [tenantId]))).toHaveLength(0);
  });

  it('leaves no tenant setting behind on the connection', async () => {
    const tenantId = randomUUID();
    const target = single ?? db;
    await target.withTenant(tenantId, (tx) => tx.query('select 1'));
    const [after] = await target.withGlobal((tx) =>
      tx.query<{ tenant: string | null; role: string }>(
        `select nullif(current_setting('app.tenant_id', true), '') as tenant, current_user as role`,
      ),
    );
    expect(after).toEqual({ tenant: null, role: 'reos_app' });
    const [owner] = await target.asOwner((tx) => tx.query<{ role: string }>('select current_user as role'));
    expect(owner!.role).not.toBe('reos_app');
  });

  it('runs a transaction without JIT or parallel workers, settings it leaves behind', async () => {
    const target = single ?? db;
    const settings = `select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers`;
    const [inside] = await target.withTenant(randomUUID(), (tx) => tx.query<{ jit: string; workers: string }>(settings));
    expect(inside).toEqual({ jit: 'off', workers: '0' });
    if (single) {
      // SET LOCAL: the pooled connection is back to the server's defaults.
      const after = await (single.raw as pg.Pool).query<{ workers: string }>(
        `select current_setting('max_parallel_workers_per_gather') as workers`,
      );
      expect(after.rows[0]!.workers).toBe('2');
    }
  });

  it('readInTenant reads under the tenant and recovers from a failing statement', async () => {
    const target = single ?? db;
    const tenantId = randomUUID();
    const [row] = await target.readInTenant<{ tenant: string; role: string }>(
      tenantId,
      `select current_setting('app.tenant_id') as tenant, current_user as role where $1::uuid is not null`,
      [tenantId],
    );
    expect(row).toEqual({ tenant: tenantId, role: 'reos_app' });
    await expect(target.readInTenant(tenantId, 'select * from no_such_table where id = $1', [tenantId])).rejects.toThrow(/no_such_table/);
    // The same (only) connection works afterwards.
    expect(await target.readInTenant(tenantId, 'select 1 as one where $1::uuid is not null', [tenantId])).toEqual([{ one: 1 }]);
    await expect(target.readInTenant(tenantId, 'select $1', ["1'; drop table tenants; --"])).rejects.toThrow(/uuids only/);
  });

  it('refuses to write in readInTenant', async () => {
    const tenantId = randomUUID();
    await expect(
      (single ?? db).readInTenant(tenantId, `insert into tenants (id, slug, name) values ($1, 'ro-test', 'x')`, [tenantId]),
    ).rejects.toThrow(/read-only/);
  });
});
