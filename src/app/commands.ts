import { systemActor, ROLES, type Role } from '../platform/auth/principal.js';
import { AppError } from '../platform/http/errors.js';
import { createTenant, findTenant } from '../modules/tenants/service.js';
import { addUser } from '../modules/users/service.js';
import { ensureDemoTenant } from './demo.js';
import type { Runtime } from './runtime.js';

/**
 * Operator commands that write data. The CLI runs them against the database
 * directly, or — when a running server holds the embedded database — asks that
 * server to run them, so both paths execute exactly this code.
 */
export const commands = {
  async 'tenant.create'(runtime: Runtime, args: { name: string; slug?: string; adminEmail: string; adminPassword: string; adminName?: string }) {
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

  async demo(runtime: Runtime) {
    return ensureDemoTenant(runtime);
  },

  /** Migrations run when the runtime opens; this reports which ones this run applied. */
  async migrate(runtime: Runtime) {
    return { applied: runtime.appliedMigrations };
  },
} satisfies Record<string, (runtime: Runtime, args: never) => Promise<unknown>>;

export type CommandName = keyof typeof commands;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
