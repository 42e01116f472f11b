import { systemActor, ROLES, type Role } from '../platform/auth/principal.js';
import { AppError } from '../platform/http/errors.js';
import { createTenant, findTenant } from '../modules/tenants/service.js';
import { addUser } from '../modules/users/service.js';
import { readFileSync } from 'node:fs';
import { runImport, type ImportProgress } from '../modules/imports/run-import.js';
import { createImport, previewFile } from '../modules/imports/service.js';
import type { ColumnMapping } from '../modules/imports/fields.js';
import type { DemoFillProgress } from '../modules/demo-county/fill-demo-county.js';
import { ensureDemoTenant } from './demo.js';
import type { Runtime } from './runtime.js';

/**
 * Operator commands that write data. The CLI runs them against the database
 * directly, or — when a running server holds the embedded database — asks that
 * server to run them, so both paths execute exactly this code.
 */
export const commands = {
  async 'tenant.create'(
    runtime: Runtime,
    args: { name: string; slug?: string; adminEmail: string; adminPassword: string; adminName?: string },
  ) {
    return createTenant(runtime.db, systemActor('cli'), args);
  },

  async 'user.create'(runtime: Runtime, args: { tenant: string; email: string; password?: string; name?: string; role?: string }) {
    const tenant = await findTenant(runtime.db, args.tenant);
    if (!tenant) throw new AppError('not_found', `No tenant ${args.tenant}`);
    const role = (args.role ?? 'member') as Role;
    if (!ROLES.includes(role)) throw new AppError('validation', `role must be one of ${ROLES.join(', ')}`);
    const { user, created } = await addUser(runtime.db, systemActor('cli'), tenant.id, { ...args, role });
    return { tenant, user: { ...user, role }, created };
  },

  /**
   * Imports a list file now, in this process (not through the job queue), with the
   * given mapping file or, without one, the proposed mapping.
   */
  async 'import.run'(
    runtime: Runtime,
    args: { file: string; tenant: string; list: string; tags?: string[]; mappingFile?: string; sheet?: string },
    onProgress?: (progress: ImportProgress) => void,
  ) {
    const started = Date.now();
    const tenant = await findTenant(runtime.db, args.tenant);
    if (!tenant) throw new AppError('not_found', `No tenant ${args.tenant}`);
    let mapping: ColumnMapping;
    if (args.mappingFile) {
      try {
        mapping = JSON.parse(readFileSync(args.mappingFile, 'utf8')) as ColumnMapping;
      } catch (error) {
        throw new AppError('validation', `Cannot read the mapping file ${args.mappingFile}: ${(error as Error).message}`);
      }
    } else {
      mapping = (await previewFile(args.file, args.sheet)).proposal.mapping;
    }
    const actor = systemActor('cli');
    const { import: created } = await createImport(runtime.db, tenant.id, actor, {
      filePath: args.file,
      fileName: args.file.split('/').at(-1)!,
      listName: args.list,
      tags: args.tags,
      sheet: args.sheet,
      mapping,
      enqueue: false,
    });
    const result = await runImport(runtime.db, tenant.id, created.id, onProgress);
    return {
      importId: created.id,
      rows: result.rowsDone,
      inserted: result.inserted,
      merged: result.merged,
      unchanged: result.unchanged,
      rejected: result.rejected,
      warnings: result.warnings,
      review: result.review,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  },

  /** Creates the demo tenant and fills its demo county (under a minute on embedded PGlite); later runs do nothing. */
  async demo(runtime: Runtime, _args?: unknown, onProgress?: (progress: DemoFillProgress) => void) {
    return ensureDemoTenant(runtime, { wait: true, onProgress });
  },

  /** Migrations run when the runtime opens; this reports which ones this run applied. */
  async migrate(runtime: Runtime) {
    return { applied: runtime.appliedMigrations };
  },
} satisfies Record<string, (runtime: Runtime, args: never, onProgress?: never) => Promise<unknown>>;

export type CommandName = keyof typeof commands;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
