import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/platform/db/database.js';
import { migrate, pendingMigrations, readMigrations } from '../../src/platform/db/migrate.js';
import { findPostgresBin, startPostgresCluster } from '../support/postgres-cluster.js';
import { openTestDatabase, skipDatabase, testDbKind } from '../support/test-app.js';

describe.skipIf(skipDatabase())('migrations', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('applies every migration once, also when several processes start together', async () => {
    const { db, drop } = await openTestDatabase();
    cleanups.push(drop);
    const runs = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    // Which process applied which file depends on timing; together they applied each once.
    expect(
      runs
        .flat()
        .map((m) => m.version)
        .sort((a, b) => a - b),
    ).toEqual(readMigrations().map((m) => m.version));
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
  });

  it('refuses a migration that changed after it was applied, and reports pending ones', async () => {
    const { db, drop } = await openTestDatabase();
    cleanups.push(drop);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-migrations-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'create table first_table (id int);');
    await migrate(db, readMigrations(dir));
    fs.writeFileSync(path.join(dir, '0002_second.sql'), 'create table second_table (id int);');
    expect(await pendingMigrations(db, readMigrations(dir))).toEqual([2]);
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'create table first_table (id bigint);');
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/changed after it was applied/);
  });

  it('rolls back a failing migration completely', async () => {
    const { db, drop } = await openTestDatabase();
    cleanups.push(drop);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-migrations-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, '0001_broken.sql'), 'create table half_done (id int);\nselect no_such_function();');
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow();
    const tables = await db.asOwner((tx) => tx.query(`select 1 from information_schema.tables where table_name = 'half_done'`));
    expect(tables).toHaveLength(0);
    expect(await pendingMigrations(db, readMigrations(dir))).toEqual([1]);
  });

  it.skipIf(testDbKind() !== 'postgres' || !findPostgresBin())(
    'migrates several databases of one new server at once, though the roles they create belong to the whole server',
    async () => {
      const cluster = await startPostgresCluster();
      cleanups.push(async () => cluster.stop());
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      const names = Array.from({ length: 6 }, (_, i) => `reos_parallel_${i}`);
      for (const name of names) await admin.query(`create database ${name}`);
      await admin.end();
      const databases = await Promise.all(
        names.map((name) => {
          const url = new URL(cluster.url);
          url.pathname = `/${name}`;
          return Database.open({ databaseUrl: url.toString(), poolMax: 2 });
        }),
      );
      cleanups.push(async () => {
        await Promise.all(databases.map((db) => db.close()));
      });
      await Promise.all(databases.map((db) => migrate(db)));
      for (const db of databases) expect(await pendingMigrations(db)).toEqual([]);
    },
  );
});
