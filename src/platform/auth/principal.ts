/** Roles within one tenant, weakest first. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** Who is calling: a signed-in user or an API key, always within one tenant. */
export type Principal =
  | { type: 'user'; userId: string; email: string; sessionId: string; tenantId: string; role: Role }
  | { type: 'api_key'; apiKeyId: string; name: string; tenantId: string; role: Role };

/** Who did something, for the audit log and job metadata. */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  label: string;
  requestId: string | null;
  ip: string | null;
}

export function actorOf(principal: Principal, requestId: string | null, ip: string | null): Actor {
  return principal.type === 'user'
    ? { type: 'user', id: principal.userId, label: principal.email, requestId, ip }
    : { type: 'api_key', id: principal.apiKeyId, label: principal.name, requestId, ip };
}

/** The user behind an action, or null for the system and API keys: the column created_by/changed_by holds. */
export const userIdOf = (actor: Actor): string | null => (actor.type === 'user' ? actor.id : null);

export const systemActor = (label = 'system'): Actor => ({ type: 'system', id: null, label, requestId: null, ip: null });
