import type { Role } from '../../../src/platform/auth/principal';

export type { Role };

/** Weakest first, as on the server (src/platform/auth/principal.ts). */
export const ROLES: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** The roles an actor may hand out: up to their own, and owner only by an owner. */
export function grantableRoles(actorRole: Role): Role[] {
  return ROLES.filter((role) => roleAtLeast(actorRole, role));
}

export function roleLabel(role: Role): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
